import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, Observable } from 'rxjs';
import type { ApiRequest, ApiResponse } from '../http/api-request.js';
import { ApiProblem } from '../http/problem.js';
import type { NewsroomMetrics } from '#metrics';
import { Idempotency, keyedRequest, type Answer } from '../idempotency/idempotency.js';
import { METRICS } from '../infrastructure/tokens.js';
import { toProblem } from '../http/problem.filter.js';
import type { Written } from './command-writer.js';
import { POSITION_HEADER, positionToken } from './read-your-writes.js';

/** What a command route returns: the body, and the headers it names explicitly. */
export interface CommandAnswer<Body> {
  body: Body;
  headers: Record<string, string>;
  replayed: boolean;
}

/** The response step: the body a route gives, with the version as ETag, the log position, and where a new resource lives. */
export function answer<Body>(written: Written, body: Body, location?: string): CommandAnswer<Body> {
  return {
    body,
    headers: { ETag: `"${written.version}"`, [POSITION_HEADER]: positionToken(written.position), ...(location ? { Location: location } : {}) },
    replayed: written.replayed,
  };
}

function replayedProblem(body: unknown): ApiProblem {
  const { status, code, detail, type: _type, title: _title, ...extensions } = body as { status: number; code: string; detail: string; type: string; title: string };
  return new ApiProblem(status, code, detail, extensions);
}

/**
 * Wraps every command route (POST, PUT) in the idempotency step and writes the headers its
 * answer names; a response given again (replayed from the key's record, or recovered from the
 * events) says so with Idempotent-Replayed.
 */
@Injectable()
export class CommandInterceptor implements NestInterceptor {
  constructor(
    @Inject(Idempotency) private readonly idempotency: Idempotency,
    private readonly reflector: Reflector,
    @Inject(METRICS) private readonly metrics: NewsroomMetrics,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<ApiRequest>();
    if (req.method !== 'POST' && req.method !== 'PUT') return next.handle();
    const res = context.switchToHttp().getResponse<ApiResponse>();
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
    const keyed = keyedRequest(req);
    const run = async (recover: boolean): Promise<Answer> => {
      if (keyed) req.idempotency = { key: keyed.keyHash, request: keyed.fingerprint, recover };
      const { body, headers, replayed } = (await lastValueFrom(next.handle())) as CommandAnswer<unknown>;
      return { status, body, headers, replayed };
    };
    const command = `${context.getClass().name.replace(/Controller$/, '')}.${context.getHandler().name}`;
    return from(
      this.idempotency
        .runOnce(keyed, run)
        .then(({ status: answeredStatus, body, headers, replayed }) => {
          for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
          if (replayed) res.setHeader('Idempotent-Replayed', 'true');
          if (answeredStatus >= 400) throw replayedProblem(body);
          this.metrics.recordCommand(command, 'ok');
          return body;
        })
        .catch((error: unknown) => {
          this.metrics.recordCommand(command, toProblem(error)?.code ?? 'internal_error');
          throw error;
        }),
    );
  }
}
