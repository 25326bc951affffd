import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { catchError, map, Observable, of, throwError } from 'rxjs';
import { IdempotencyStore, type IdempotentRequest } from '../infrastructure/idempotency.store.js';
import { headerCount, resourcePath, type ApiRequest, type ApiResponse } from './api-request.js';
import { ApiProblem, invalid } from './problem.js';
import { problemBody, toProblem } from './problem.filter.js';

const KEY = /^[\x20-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['ETag', 'Location'];
// Failures that say nothing about the request, only about the moment: a retry must run again.
const TRANSIENT_CODES = new Set(['idempotency_in_progress', 'write_contention']);

export function idempotencyKey(req: ApiRequest): string | undefined {
  const header = req.headers['idempotency-key'];
  if (header === undefined) return undefined;
  if (headerCount(req, 'idempotency-key') > 1) {
    throw invalid('invalid_idempotency_key', 'Send one Idempotency-Key header, not several', [{ field: 'Idempotency-Key', message: 'must be sent once' }]);
  }
  if (typeof header !== 'string' || !KEY.test(header)) {
    throw invalid('invalid_idempotency_key', 'Idempotency-Key must be 1–255 printable ASCII characters', [
      { field: 'Idempotency-Key', message: 'must be 1–255 printable ASCII characters' },
    ]);
  }
  return header;
}

/**
 * Every command answers with its version as an ETag (and the new article's Location) and
 * honours Idempotency-Key: a repeated request gets the first response back and runs nothing,
 * a refusal (4xx) as much as a success; only transient failures are forgotten, so their retry runs.
 */
@Injectable()
export class CommandInterceptor implements NestInterceptor {
  constructor(
    @Inject(IdempotencyStore) private readonly idempotency: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<ApiRequest>();
    const res = context.switchToHttp().getResponse<ApiResponse>();
    if (req.method === 'GET' || req.method === 'HEAD') return next.handle();
    const key = idempotencyKey(req);
    const withHeaders = (body: unknown) => {
      const { version, id } = (body ?? {}) as { version?: unknown; id?: unknown };
      if (typeof version === 'number') res.setHeader('ETag', `"${version}"`);
      if (typeof id === 'string') res.setHeader('Location', `/articles/${id}`);
      return body;
    };
    if (key === undefined || !req.principal) return next.handle().pipe(map(withHeaders));

    const request: IdempotentRequest = {
      userId: req.principal.userId,
      key,
      method: req.method,
      path: resourcePath(req),
      fingerprint: req.bodyFingerprint ?? '',
    };
    const claim = this.idempotency.claim(request);
    if (claim.outcome === 'mismatch') {
      throw new ApiProblem(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request');
    }
    if (claim.outcome === 'in_progress') {
      throw new ApiProblem(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still running; retry later');
    }
    if (claim.outcome === 'replay') {
      for (const [name, value] of Object.entries(claim.response.headers)) res.setHeader(name, value);
      res.setHeader('Idempotent-Replayed', 'true');
      if (claim.response.status >= 400) return throwError(() => replayedProblem(claim.response.body));
      return of(claim.response.body);
    }
    return next.handle().pipe(
      map((body: unknown) => {
        withHeaders(body);
        if (req.answeredFromEarlierWrite) res.setHeader('Idempotent-Replayed', 'true');
        const headers = Object.fromEntries(
          REPLAYED_HEADERS.flatMap((name) => {
            const value = res.getHeader(name);
            return value === undefined ? [] : [[name, String(value)]];
          }),
        );
        const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
        this.idempotency.complete(request, { status, body, headers });
        return body;
      }),
      catchError((error: unknown) => {
        const problem = toProblem(error);
        if (problem && problem.status < 500 && !TRANSIENT_CODES.has(problem.code)) {
          this.idempotency.complete(request, { status: problem.status, body: problemBody(problem), headers: {} });
        } else {
          this.idempotency.release(request);
        }
        return throwError(() => error);
      }),
    );
  }
}

function replayedProblem(body: unknown): ApiProblem {
  const { status, code, detail, type: _type, title: _title, ...extensions } = body as { status: number; code: string; detail: string; type: string; title: string };
  return new ApiProblem(status, code, detail, extensions);
}
