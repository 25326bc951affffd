import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ApiRequest, ApiResponse } from './api-request.js';

const REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const logger = new Logger('HTTP');

/** Accepts the caller's X-Request-Id (or makes one), echoes it, and logs one JSON line per request. */
export function requestLog(req: ApiRequest, res: ApiResponse, next: () => void): void {
  const started = process.hrtime.bigint();
  const offered = req.headers['x-request-id'];
  req.requestId = typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
  res.setHeader('X-Request-Id', req.requestId);
  res.on('finish', () => {
    const entry = {
      requestId: req.requestId,
      method: req.method,
      path: req.originalUrl.split('?')[0],
      status: res.statusCode,
      durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      userId: req.principal?.userId,
    };
    if (res.statusCode >= 500) logger.error('request', entry);
    else logger.log('request', entry);
  });
  next();
}

function decodable(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * Express answers a path segment with broken percent-encoding with a 400 before any guard
 * runs; escaping it keeps it a (malformed, hence 404) id that is checked after the token.
 */
export function escapeUndecodablePath(req: ApiRequest, _res: ApiResponse, next: () => void): void {
  const queryStart = req.url.indexOf('?');
  const path = queryStart < 0 ? req.url : req.url.slice(0, queryStart);
  if (!path.includes('%')) {
    next();
    return;
  }
  const segments = path.split('/');
  if (!segments.every(decodable)) {
    req.url = segments.map((segment) => (decodable(segment) ? segment : encodeURIComponent(segment))).join('/') + (queryStart < 0 ? '' : req.url.slice(queryStart));
  }
  next();
}
