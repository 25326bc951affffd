/** A small client for the Newsroom HTTP API that fails loudly on anything the demo does not expect. */

export class DemoFailure extends Error {
  override readonly name = 'DemoFailure';
}

export class UnexpectedResponseError extends DemoFailure {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly expected: number[],
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}, expected ${expected.join(' or ')}:\n${JSON.stringify(body, null, 2)}`);
  }
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  ifMatch?: number;
  idempotencyKey?: string;
  expect?: number[];
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export class NewsroomClient {
  constructor(readonly baseUrl: string) {}

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const url = new URL(path, this.baseUrl);
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new DemoFailure(
        `Cannot reach the Newsroom service at ${this.baseUrl} (${cause?.code ?? cause?.message ?? String(error)}).\n` +
          'Start it with `npm start` in another terminal, or point NEWSROOM_URL at a running service.',
      );
    }
    const text = await response.text();
    let body: unknown = text;
    if (text.length > 0 && /json/i.test(response.headers.get('content-type') ?? '')) body = JSON.parse(text);
    const expected = options.expect ?? [200];
    if (!expected.includes(response.status)) {
      const error = new UnexpectedResponseError(method, path, response.status, expected, body);
      if (response.status === 401) {
        error.message +=
          '\nThe demo signs its tokens with JWT_SECRET, or with the secret the service generated in DATA_DIR (default ./data): run it with the same JWT_SECRET or DATA_DIR as the service.';
      }
      throw error;
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }

  /** A command as a careful client sends it: with If-Match, and a response whose ETag and version must agree with one new event. */
  async command<T extends { version: number }>(method: string, path: string, options: RequestOptions & { ifMatch: number }): Promise<ApiResponse<T>> {
    const response = await this.request<T>(method, path, options);
    assertVersion(method, path, response, options.ifMatch + 1);
    return response;
  }
}

export function assertVersion(method: string, path: string, response: ApiResponse<{ version: number }>, expectedVersion: number): void {
  const { version } = response.body;
  const etag = response.headers.get('etag');
  if (version !== expectedVersion) throw new DemoFailure(`${method} ${path}: expected version ${expectedVersion}, got ${JSON.stringify(version)}`);
  if (etag !== `"${version}"`) throw new DemoFailure(`${method} ${path}: ETag ${JSON.stringify(etag)} does not match version ${version}`);
}
