import type { OpenAPIObject } from '@nestjs/swagger';

type Json = Record<string, unknown>;
type Schema = Json & { $ref?: string; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[] };
type Operation = Json & {
  summary?: string;
  description?: string;
  parameters?: (Json & { in?: string; name?: string; example?: unknown; schema?: Schema })[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, Json & { headers?: Record<string, unknown> }>;
};

/** Headers the service sends, declared once and referenced from each response that carries them. */
const HEADERS: Record<string, Json> = {
  'X-Request-Id': {
    description: 'The request’s X-Request-Id as sent (or one the service made up), to find the request in the logs',
    schema: { type: 'string', example: '5f0c6b1e-5d1a-4d35-9b61-9a4f2d0f6c11' },
  },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key; absent otherwise',
    schema: { type: 'string', enum: ['true'] },
  },
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0, example: 1 } },
  Allow: {
    description:
      'On a 405 `method_not_allowed` (a path asked with a method it does not serve, answered before any token check): the methods the path serves, e.g. `GET, POST`',
    schema: { type: 'string', example: 'GET' },
  },
};

/** Request rules class-validator enforces that Nest's Swagger module has no decorator for. */
const SCHEMA_RULES: Record<string, Json> = {
  // A revision must change something: `{}` is a 400 validation_failed.
  ReviseDraftDto: { minProperties: 1 },
};

const EXAMPLE_IDS: Record<string, string> = {
  id: '0193a5c2-7d4e-7b1f-9c2a-3e4f5a6b7c8d',
  claimId: '0193a5c2-9e10-7c3b-8d4e-5f6a7b8c9d0e',
  translationId: '0193a5c3-1a2b-7c3d-9e4f-6a7b8c9d0e1f',
  factCheckId: '0193a5c3-2b3c-7d4e-8f50-7b8c9d0e1f2a',
  correctionId: '0193a5c3-3c4d-7e5f-9a61-8c9d0e1f2a3b',
};
const ANY_UUID = '0193a5c3-4d5e-7f60-8b72-9d0e1f2a3b4c';

const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/**
 * What Nest's Swagger module cannot say through decorators, said here, in one place, after the
 * document is generated: the request bodies refuse unknown fields (forbidNonWhitelisted), the
 * headers every response carries, and examples for path parameters.
 */
export function makeFaithful(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  document.components = { ...document.components, headers: { ...document.components?.headers, ...HEADERS } };
  const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

  const closed = new Set<string>();
  const close = (schema: Schema | undefined): void => {
    if (!schema) return;
    if (schema.$ref) {
      const name = refName(schema.$ref);
      if (closed.has(name) || !schemas[name]) return;
      closed.add(name);
      const target = schemas[name];
      if (target.type === 'object' || target.properties) Object.assign(target, { additionalProperties: false }, SCHEMA_RULES[name]);
      close(target);
      return;
    }
    for (const child of [...Object.values(schema.properties ?? {}), schema.items, ...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) close(child);
  };

  for (const item of Object.values(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const operation = value as Operation;
      operation.description ??= operation.summary;
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path' && parameter.example === undefined) parameter.example = EXAMPLE_IDS[parameter.name ?? ''] ?? ANY_UUID;
      }
      for (const media of Object.values(operation.requestBody?.content ?? {})) close(media.schema);
      const command = method === 'post' || method === 'put';
      for (const [status, response] of Object.entries(operation.responses)) {
        response.headers = {
          ...response.headers,
          'X-Request-Id': header('X-Request-Id'),
          ...(command ? { 'Idempotent-Replayed': header('Idempotent-Replayed') } : {}),
          ...(status === '503' ? { 'Retry-After': header('Retry-After') } : {}),
        };
      }
    }
  }
}
