import { describe, expect, it } from '@jest/globals';
import helmet from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { replayedHeaders } from './security-headers.js';

function response(): ServerResponse {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  res.setHeader('X-Powered-By', 'Express');
  return res;
}

describe('replayedHeaders', () => {
  it('sets exactly the headers helmet sets, and removes what it removes', () => {
    const middleware = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], upgradeInsecureRequests: null } } });
    const byHelmet = response();
    const replayed = response();
    let nexts = 0;
    middleware(new IncomingMessage(new Socket()), byHelmet, () => nexts++);
    replayedHeaders(middleware)(new IncomingMessage(new Socket()), replayed, () => nexts++);
    expect(nexts).toBe(2);
    expect(replayedHeaders(middleware)).not.toBe(middleware);
    expect(replayed.getHeaders()).toEqual(byHelmet.getHeaders());
    expect(replayed.getHeader('x-powered-by')).toBeUndefined();
    expect(Object.keys(replayed.getHeaders()).length).toBeGreaterThan(8);
  });

  it('uses a middleware as it is when it reads the request or does more than set headers', () => {
    const readsTheRequest = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
      res.setHeader('X-Path', req.url ?? '');
      next();
    };
    const touchesMore = (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
      res.statusCode = 418;
      next();
    };
    const async = (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
      setImmediate(() => {
        res.setHeader('X-Later', '1');
        next();
      });
    };
    expect(replayedHeaders(touchesMore)).toBe(touchesMore);
    expect(replayedHeaders(async)).toBe(async);
    expect(replayedHeaders(readsTheRequest)).toBe(readsTheRequest);
    const fixed = (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
      res.setHeader('X-Fixed', '1');
      next();
    };
    expect(replayedHeaders(fixed)).not.toBe(fixed);
  });
});
