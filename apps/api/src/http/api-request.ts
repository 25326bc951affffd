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
  bodyFingerprint?: string;
}

export type ApiResponse = ServerResponse;
