import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { ApiRequest } from './api-request.js';
import { createHash } from 'node:crypto';
import { from, Observable, switchMap } from 'rxjs';
import { ApiProblem, invalid } from './problem.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_DEPTH = 16;
/**
 * Fields and items in a whole body. The largest valid command has about a hundred (50 target
 * languages, 20 sources); thousands would only cost seconds of validation and megabytes of errors.
 */
const MAX_NODES = 1000;
/** Beyond this much unread overflow we stop draining and drop the connection. */
const MAX_DRAIN_BYTES = 64 * MAX_BODY_BYTES;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const tooLarge = () => new ApiProblem(413, 'payload_too_large', `The body is over ${MAX_BODY_BYTES} bytes (1 MiB)`);

function hasBody(req: ApiRequest): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length.trim() !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

function checkContentType(header: string | undefined): void {
  const unsupported = new ApiProblem(415, 'unsupported_media_type', 'The body must be application/json (UTF-8)');
  if (header === undefined) throw unsupported;
  const [type, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') throw unsupported;
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=').map((part) => part?.trim().replace(/^"(.*)"$/, '$1'));
    if (name === 'charset' && value !== 'utf-8' && value !== 'utf8') throw unsupported;
  }
}

function readRaw(req: ApiRequest): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let overflowed = false;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (overflowed) {
        if (received > MAX_DRAIN_BYTES) req.destroy();
        return;
      }
      if (received > MAX_BODY_BYTES) {
        overflowed = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => reject(invalid('invalid_body', 'The request body could not be read')));
    req.on('aborted', () => reject(invalid('invalid_body', 'The request body was cut short')));
  });
}

/** Rejects nesting deeper than MAX_DEPTH, more than MAX_NODES fields and items, and keys that could reach an object's prototype, iteratively. */
function checkStructure(value: unknown): void {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value, depth: 0, path: '' }];
  let nodes = 0;
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (typeof current.value !== 'object' || current.value === null) continue;
    if (current.depth >= MAX_DEPTH) throw invalid('invalid_body', `The body is nested deeper than ${MAX_DEPTH} levels`);
    const entries = Object.entries(current.value);
    nodes += entries.length;
    if (nodes > MAX_NODES) throw invalid('invalid_body', `The body has more than ${MAX_NODES} fields and items`);
    for (const [key, child] of entries) {
      const path = Array.isArray(current.value) ? `${current.path}[${key}]` : current.path ? `${current.path}.${key}` : key;
      if (!Array.isArray(current.value) && FORBIDDEN_KEYS.has(key)) {
        throw invalid('validation_failed', `Field "${key}" is not allowed`, [{ field: path, message: `property ${key} should not exist` }]);
      }
      stack.push({ value: child, depth: current.depth + 1, path });
    }
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function parseJsonBody(req: ApiRequest): Promise<void> {
  let body: unknown = {};
  if (hasBody(req)) {
    checkContentType(req.headers['content-type']);
    const encoding = req.headers['content-encoding']?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') throw new ApiProblem(415, 'unsupported_media_type', 'Compressed bodies (Content-Encoding) are not accepted');
    const raw = await readRaw(req);
    if (raw.length > 0) {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
      } catch {
        throw invalid('invalid_json', 'The body is not valid UTF-8');
      }
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw invalid('invalid_json', `The body is not valid JSON: ${(error as Error).message}`);
      }
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('invalid_body', 'The body must be a JSON object');
  checkStructure(body);
  req.body = body;
  req.bodyHash = createHash('sha256').update(canonical(body)).digest('hex');
}

/**
 * Parses JSON bodies after the guards ran (the body parser is off), so a request fails on its
 * token (401) and role (403) before its body's shape (400/413/415), as the contract orders.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<ApiRequest>();
    if (!BODY_METHODS.has(req.method)) return next.handle();
    return from(parseJsonBody(req)).pipe(switchMap(() => next.handle()));
  }
}
