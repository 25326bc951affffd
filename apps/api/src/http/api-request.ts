import type { Principal } from '#auth';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The parts of Express's request the API relies on (Express's own types are not installed). */
export interface ApiRequest extends IncomingMessage {
  method: string;
  url: string;
  originalUrl: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body?: unknown;
  route?: { path: string };
  principal?: Principal;
  requestId?: string;
  /** sha256 of the body's canonical JSON (JsonBodyInterceptor). */
  bodyHash?: string;
  /** What the idempotency step found for the command's key. */
  idempotency?: { key: string; request: string; recover: boolean };
}

export type ApiResponse = ServerResponse;

/** How many times the request sent a header: Node keeps only the first of some and joins others with ", ". */
export function headerCount(req: IncomingMessage, name: string): number {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].length === name.length && req.rawHeaders[i].toLowerCase() === name) count++;
  return count;
}

/** The path a command names, however it is spelled: routes ignore case and a trailing slash, and ids are case-insensitive. */
export function resourcePath(req: ApiRequest): string {
  let end = req.path.length;
  while (end > 1 && req.path.charCodeAt(end - 1) === 0x2f) end--;
  return req.path.slice(0, end).toLowerCase();
}
