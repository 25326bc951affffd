/**
 * A small client for the Newsroom HTTP API that fails loudly on anything the demo does not expect,
 * typed from the OpenAPI document the service serves (scripts/demo/openapi.d.ts, written by
 * `npm run openapi` before every type check and build): a document that does not describe what
 * the demo sends and reads breaks the build.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './openapi.js';

export type { components, paths };
/** A schema of the served document, by name: `Schema<'ClaimViewDto'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

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

type Method = 'get' | 'post' | 'put';
type PathsWith<M extends Method> = { [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never }[keyof paths];
type Operation<P extends keyof paths, M extends Method> = paths[P] extends { [K in M]: infer O } ? O : never;
type ParametersOf<O> = O extends { parameters: infer Params } ? Params : never;
type JsonOf<Content> = Content extends { 'application/json': infer Body } ? Body : Content extends { 'application/ld+json': infer Body } ? Body : never;
type RequestBodyOf<O> = O extends { requestBody?: { content: infer Content } } ? JsonOf<Content> : never;
/** The JSON body of a 2xx response. */
type SuccessOf<O> = O extends { responses: infer Responses }
  ? { [S in keyof Responses]: S extends 200 | 201 ? (Responses[S] extends { content: infer Content } ? JsonOf<Content> : never) : never }[keyof Responses]
  : never;
type ProblemBody = Schema<'ProblemDto'>;

/** Path and query parameters as the document names them; the request body as it describes it. */
export type TypedOptions<O> = Omit<RequestOptions, 'body'> & {
  path?: ParametersOf<O> extends { path?: infer Path } ? Path : never;
  query?: ParametersOf<O> extends { query?: infer Query } ? Query : never;
  body?: RequestBodyOf<O>;
};

/** What a typed call answers: the document's 2xx body, or a problem when a 4xx/5xx was expected. */
export type TypedResponse<O> = ApiResponse<SuccessOf<O>> | ApiResponse<ProblemBody>;

export class NewsroomClient {
  private readonly http: ReturnType<typeof createClient<paths>>;

  constructor(readonly baseUrl: string) {
    this.http = createClient<paths>({ baseUrl: baseUrl.replace(/\/$/, '') });
  }

  /** GET a path of the document: `api.get('/claims/{claimId}', { path: { claimId }, query: { asOf }, token })`. */
  get<P extends PathsWith<'get'>>(path: P, options: TypedOptions<Operation<P, 'get'>> = {}): Promise<ApiResponse<SuccessOf<Operation<P, 'get'>>>> {
    return this.typed('get', path, options) as Promise<ApiResponse<SuccessOf<Operation<P, 'get'>>>>;
  }

  /** POST to a path of the document; with ifMatch, a 2xx must name the next version (body and ETag). */
  post<P extends PathsWith<'post'>>(path: P, options: TypedOptions<Operation<P, 'post'>> = {}): Promise<ApiResponse<SuccessOf<Operation<P, 'post'>>>> {
    return this.typed('post', path, options) as Promise<ApiResponse<SuccessOf<Operation<P, 'post'>>>>;
  }

  put<P extends PathsWith<'put'>>(path: P, options: TypedOptions<Operation<P, 'put'>> = {}): Promise<ApiResponse<SuccessOf<Operation<P, 'put'>>>> {
    return this.typed('put', path, options) as Promise<ApiResponse<SuccessOf<Operation<P, 'put'>>>>;
  }

  /** A refusal the demo expects (a 4xx): its problem+json body. */
  async refused<P extends PathsWith<'post'>>(path: P, options: TypedOptions<Operation<P, 'post'>> & { expect: number[] }): Promise<ApiResponse<ProblemBody>> {
    return (await this.typed('post', path, options)) as ApiResponse<ProblemBody>;
  }

  private async typed(method: Method, path: string, options: TypedOptions<unknown>): Promise<ApiResponse<unknown>> {
    const shown = Object.entries((options.path ?? {}) as Record<string, string>).reduce((text, [name, value]) => text.replace(`{${name}}`, value), path);
    const response = await this.send<unknown>(method, path, options as RequestOptions & { path?: object; query?: object }, shown);
    if (options.ifMatch !== undefined && method !== 'get' && response.status < 300) {
      assertVersion(method.toUpperCase(), shown, response as ApiResponse<{ version: number }>, options.ifMatch + 1);
    }
    return response;
  }

  private async send<T>(method: Method, path: string, options: RequestOptions & { path?: object; query?: object }, shown: string): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json, application/ld+json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let response: Response;
    let raw: unknown;
    try {
      // The document's paths, parameters and bodies are checked by the typed methods above; here they are only sent.
      const init = { params: { path: options.path, query: options.query }, body: options.body, headers, parseAs: 'text' as const };
      const answer = (await this.http.request(method, path as never, init as never)) as { data?: unknown; error?: unknown; response: Response };
      response = answer.response;
      raw = answer.data ?? answer.error;
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new DemoFailure(
        `Cannot reach the Newsroom service at ${this.baseUrl} (${cause?.code ?? cause?.message ?? String(error)}).\n` +
          'Start it with `npm start` in another terminal, or point NEWSROOM_URL at a running service.',
      );
    }
    // openapi-fetch hands back a 2xx body as the text asked for, and an error body already parsed when it is JSON.
    const body = typeof raw === 'string' && raw.length > 0 && /json/i.test(response.headers.get('content-type') ?? '') ? (JSON.parse(raw) as unknown) : (raw ?? '');
    const expected = options.expect ?? [200];
    if (!expected.includes(response.status)) {
      const error = new UnexpectedResponseError(method.toUpperCase(), shown, response.status, expected, body);
      if (response.status === 401) {
        error.message +=
          '\nThe demo signs its tokens with JWT_SECRET, or with the secret the service generated in DATA_DIR (default ./data): run it with the same JWT_SECRET or DATA_DIR as the service.';
      }
      throw error;
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }
}

export function assertVersion(method: string, path: string, response: ApiResponse<{ version: number }>, expectedVersion: number): void {
  const { version } = response.body;
  const etag = response.headers.get('etag');
  if (version !== expectedVersion) throw new DemoFailure(`${method} ${path}: expected version ${expectedVersion}, got ${JSON.stringify(version)}`);
  if (etag !== `"${version}"`) throw new DemoFailure(`${method} ${path}: ETag ${JSON.stringify(etag)} does not match version ${version}`);
}
