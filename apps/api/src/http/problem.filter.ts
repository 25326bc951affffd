import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { isArticleRuleError } from '#editorial';
import type { ApiRequest, ApiResponse } from './api-request.js';
import { ApiProblem, FieldError, PROBLEM_CONTENT_TYPE, statusTitle } from './problem.js';
import { RouteMethods } from './route-methods.js';

const STATUS_BY_CATEGORY = { invalid: 400, not_found: 404, forbidden: 403, conflict: 409 } as const;

const CODE_BY_HTTP_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function toProblem(error: unknown): ApiProblem | undefined {
  if (error instanceof ApiProblem) return error;
  if (isArticleRuleError(error)) {
    const errors: FieldError[] | undefined = error.field ? [{ field: error.field, message: error.message }] : undefined;
    // The domain's input rules are the request's validation: one code for them, whichever step applied them.
    const code = error.code === 'invalid_input' ? 'validation_failed' : error.code;
    return new ApiProblem(STATUS_BY_CATEGORY[error.category], code, error.message, {
      ...(errors ? { errors } : {}),
      ...(error.unmet ? { unmet: error.unmet } : {}),
    });
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    const detail = status === 404 ? 'No such resource' : error.message;
    return new ApiProblem(status, CODE_BY_HTTP_STATUS[status] ?? 'client_error', detail);
  }
  return undefined;
}

/** Nest answers a request no route takes with a plain NotFoundException; our own 404s are ApiProblems. */
function isUnroutedRequest(error: unknown): boolean {
  return error instanceof HttpException && error.getStatus() === 404;
}

function methodNotAllowed(method: string, allowed: string[]): ApiProblem {
  return new ApiProblem(405, 'method_not_allowed', `${method} is not served here; this path allows ${allowed.join(', ')}`);
}

export function writeProblem(res: ApiResponse, problem: ApiProblem): void {
  res.statusCode = problem.status;
  // Every 503 is a moment's failure (the read models behind, a write not yet confirmed): say when to retry.
  if (problem.status === 503) res.setHeader('Retry-After', '1');
  res.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  res.end(JSON.stringify(problemBody(problem)));
}

export function problemBody(problem: ApiProblem) {
  return {
    type: `https://newsroom.example/problems/${problem.code}`,
    title: statusTitle(problem.status),
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    ...problem.extensions,
  };
}

/** The one place errors become responses: RFC 9457 problem+json, a logged 500 for anything unexpected. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly routes = new RouteMethods()) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<ApiRequest>();
    const res = http.getResponse<ApiResponse>();
    const allowed = isUnroutedRequest(error) ? this.routes.allowedAt(req.path) : [];
    // A method the path serves that still found no route means the path is not one of ours after all.
    const wrongMethod = allowed.length > 0 && !allowed.includes(req.method);
    let problem = wrongMethod ? methodNotAllowed(req.method, allowed) : toProblem(error);
    if (!problem) {
      this.logger.error('Unexpected error', {
        requestId: req.requestId,
        method: req.method,
        path: req.originalUrl,
        error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
      });
      problem = new ApiProblem(500, 'internal_error', 'The service failed unexpectedly; the failure is logged under this request id');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    if (problem.status === 405) res.setHeader('Allow', allowed.join(', '));
    writeProblem(res, problem);
  }
}
