import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { CommandContext } from '../articles/article-writer.service.js';
import { resourcePath, type ApiRequest } from './api-request.js';
import { idempotencyKey } from './command.interceptor.js';
import { parseIfMatch } from './if-match.decorator.js';

/** Who sends the command, the version it expects (If-Match) and its Idempotency-Key. */
export const CommandRequest = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext => {
  const req = context.switchToHttp().getRequest<ApiRequest>();
  if (!req.principal) throw new Error('CommandRequest used on a public route');
  const key = idempotencyKey(req);
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  return {
    user: req.principal,
    expected: parseIfMatch(req.headers['if-match']),
    ...(key === undefined
      ? {}
      : {
          idempotency: { key: sha256(`${req.principal.userId}\n${key}`), fingerprint: sha256(`${req.method} ${resourcePath(req)}\n${req.bodyFingerprint ?? ''}`) },
          onReplay: () => {
            req.answeredFromEarlierWrite = true;
          },
        }),
  };
});
