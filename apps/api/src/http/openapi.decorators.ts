import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiResponse, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { ProblemDto } from './problem.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: malformed JSON, wrong types, unknown fields, a limit exceeded, a bad header or query parameter',
  401: 'Missing, malformed, wrongly signed or expired token',
  403: 'Authenticated but not allowed: role, or the four-eyes rule',
  404: 'Unknown article, claim or translation (also for a malformed id)',
  409: 'Not allowed in the current state (`code` names why), or the same Idempotency-Key is still in progress',
  412: 'If-Match does not match the article version; nothing was written',
  413: 'Body over 1 MiB',
  415: 'Body that is not application/json (UTF-8)',
  422: 'Idempotency-Key reused with a different request',
  503: 'With Retry-After. read_models_behind: the write is stored but the read models did not apply it in time (retry with the same Idempotency-Key), or on a GET the read models have not reached Newsroom-Min-Position; read_models_unavailable: the read models stopped, nothing was written; write_outcome_unknown: the event store could not confirm in time whether the command was written (retry with the same Idempotency-Key: the retry answers the true outcome, never writes twice); event_store_unavailable: the event store could not be read, nothing was written',
};

/** The headers of every command's 2xx answer. */
export const COMMAND_HEADERS = {
  ETag: { description: 'The version after the command: "<version>"', schema: { type: 'string' } },
  'Newsroom-Position': {
    description: 'Opaque, URL-safe token of where the write landed in the log. Send it as Newsroom-Min-Position on a GET, to any node, to read this write.',
    schema: { type: 'string', example: '1.2n.2n' },
  },
};

const MIN_POSITION_PARAMETER = {
  name: 'Newsroom-Min-Position',
  in: 'header' as const,
  required: false,
  description:
    'A Newsroom-Position token from a command answer: this node answers only once its read models reflect that write, or 503 read_models_behind (with Retry-After) after READ_YOUR_WRITES_TIMEOUT_MS. A malformed token is a 400 invalid_position.',
  schema: { type: 'string' },
};

/** Every GET accepts Newsroom-Min-Position; written once here rather than on each route. */
export function documentMinPosition(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    const get = item.get;
    if (!get || !(get.security ?? []).length) continue;
    get.parameters = [...(get.parameters ?? []), MIN_POSITION_PARAMETER];
    const problem = { content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } } };
    get.responses['400'] ??= { description: DESCRIPTIONS[400], ...problem };
    get.responses['503'] ??= { description: DESCRIPTIONS[503], ...problem };
  }
}

/** Documents the problem+json responses an operation can give. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}

export function ApiAuthenticated() {
  return applyDecorators(ApiBearerAuth(), ApiProblems(401, 403));
}

/** Commands: idempotency, optimistic concurrency, the version in an ETag. */
export function ApiCommand(options: { ifMatch: boolean }) {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        '1–255 printable ASCII characters (accepted on every POST and on PUT). A retry with the same key, user, method, path and body (headers such as If-Match are not part of the fingerprint) returns the first response (status, body, ETag, Location, Newsroom-Position, and Idempotent-Replayed: true) and writes nothing, also after a restart, a crash right after the write, or a 503 read_models_behind (the retry answers from the stored events); a different request under a used key is a 422; while the first request is still running a retry gets 409 idempotency_in_progress. A refusal of a request the service read is a response like any other: 400 validation_failed or quote_not_found, 403 own_translation, 404, 409 and 412 are replayed too, so a corrected request needs a new key. Not recorded, so that their retry runs again: requests refused before they are read (401, 403 forbidden_role, 413, 415, 400 invalid_json or invalid_body) and failures that wrote nothing (409 write_contention, 503 read_models_unavailable). Keys are kept 24 hours.',
    }),
    ...(options.ifMatch
      ? [
          ApiHeader({
            name: 'If-Match',
            required: false,
            description: 'The article version the command expects, as an ETag: "3" (a list such as "3", "4", or *, is accepted). Compared strongly, character by character: a weak tag (W/"3"), "03", or a tag that is not a version never matches. On mismatch: 412, nothing written; a header that is not a list of entity tags is a 400. Without it the service re-reads and re-decides on a race.',
          }),
        ]
      : []),
    ApiProblems(400, 409, 413, 415, 422, 503),
  );
}
