import type { IncomingMessage, ServerResponse } from 'node:http';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
type HeaderOperation = [name: string, value: string | string[] | undefined];

/**
 * A middleware that sets the same headers on every response (helmet with static options) run
 * once at start-up, its header changes recorded and replayed on each response: the same headers
 * without a dozen nested middleware calls per request. Should it read the request, touch anything
 * of the response but its headers, or not finish synchronously, the middleware itself is used.
 */
export function replayedHeaders(middleware: Middleware): Middleware {
  const operations: HeaderOperation[] = [];
  let finished = false;
  let otherUse = false;
  const elsewhere = {
    get: () => {
      otherUse = true;
      return undefined;
    },
    set: () => {
      otherUse = true;
      return true;
    },
  };
  const recorder = new Proxy({} as ServerResponse, {
    ...elsewhere,
    get(_target, property) {
      if (property === 'setHeader') return (name: string, value: string | string[]) => operations.push([name, value]);
      if (property === 'removeHeader') return (name: string) => operations.push([name, undefined]);
      return elsewhere.get();
    },
  });
  try {
    middleware(new Proxy({} as IncomingMessage, elsewhere), recorder, (error) => {
      finished = error === undefined;
    });
  } catch {
    finished = false;
  }
  if (!finished || otherUse) return middleware;
  return (_req, res, next) => {
    for (const [name, value] of operations) {
      if (value === undefined) res.removeHeader(name);
      else res.setHeader(name, value);
    }
    next();
  };
}
