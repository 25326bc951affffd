import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiRequest } from '../http/api-request.js';
import { parseIfMatch, type ExpectedVersion } from './if-match.js';

/** What a command carries from its request besides its body: who sends it, the version it expects, its Idempotency-Key. */
export interface CommandContext {
  userId: string;
  expected: ExpectedVersion;
  idempotency?: {
    /** sha256 of user and Idempotency-Key: kept in the event metadata, never the raw key. */
    key: string;
    /** The fingerprint of what the request asks (method, resource, body): kept beside the key's hash, so a node that has no record of the key can still tell a different request. */
    request: string;
    /** The key's record was left running by a crash or a late confirmation: its events may already be stored. */
    recover: boolean;
  };
}

/** The command's context, from the token (guard), If-Match and what the idempotency step found for its key. */
export const CommandRequest = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext => {
  const req = context.switchToHttp().getRequest<ApiRequest>();
  if (!req.principal) throw new Error('CommandRequest used on a public route');
  return {
    userId: req.principal.userId,
    expected: parseIfMatch(req.headers['if-match']),
    ...(req.idempotency ? { idempotency: req.idempotency } : {}),
  };
});
