import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from './app.js';

export interface SseMessage {
  id: string;
  event: string;
  data: { stream: string; articleId?: string; factCheckId?: string; version: number; type: string; at: string; by: string | null };
}

/** Starts listening on a free port (startApp only initialises) and returns the base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
}

/** Resolves once the condition holds, checking every few milliseconds; fails after the timeout. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A Server-Sent Events client over plain node:http, parsing the stream as the WHATWG spec
 * says, so a test can also pause it (a client that never reads) or drop it.
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  ended = false;
  private buffer = '';

  private constructor(
    readonly request: ClientRequest,
    readonly response: IncomingMessage,
  ) {}

  static open(baseUrl: string, headers: Record<string, string>, path = '/events', options: { paused?: boolean } = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${baseUrl}${path}`, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
        const client = new SseClient(request, response);
        response.setEncoding('utf8');
        if (options.paused) response.pause();
        response.on('data', (chunk: string) => client.parse(chunk));
        response.on('end', () => (client.ended = true));
        response.on('close', () => (client.ended = true));
        response.on('error', () => (client.ended = true));
        // A paused response emits neither 'end' nor 'close' until read: the request sees the socket close.
        request.on('close', () => (client.ended = true));
        if (options.paused) response.pause();
        resolve(client);
      });
      request.on('error', reject);
      request.end();
    });
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  get lastId(): string | undefined {
    return this.messages.at(-1)?.id;
  }

  async body(): Promise<string> {
    await eventually(() => this.ended, 'the response to end');
    return this.buffer;
  }

  waitForMessages(count: number, timeoutMs?: number): Promise<void> {
    return eventually(() => this.messages.length >= count, `${count} messages (have ${this.messages.length})`, timeoutMs);
  }

  waitForId(id: string, timeoutMs?: number): Promise<void> {
    return eventually(() => this.messages.at(-1)?.id === id || this.ended, `message ${id}`, timeoutMs);
  }

  close(): void {
    this.request.destroy();
  }

  private parse(chunk: string): void {
    this.buffer += chunk;
    if (this.status !== 200) return;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else {
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          fields[name] = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        }
      }
      if (fields.data !== undefined) this.messages.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
    }
  }
}
