import { describe, expect, it } from '@jest/globals';
import { ConsoleLogger, HttpStatus, Logger, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { ArticleRuleError } from '#editorial';
import { ApiProblem } from './problem.js';
import { ProblemFilter } from './problem.filter.js';

function respond(error: unknown) {
  const sent: { status?: number; headers: Record<string, string>; body?: Record<string, unknown> } = { headers: {} };
  const res = {
    headersSent: false,
    set statusCode(status: number) {
      sent.status = status;
    },
    setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = value),
    end: (body: string) => (sent.body = JSON.parse(body) as Record<string, unknown>),
  };
  const req = { requestId: 'req-1', method: 'POST', originalUrl: '/articles' };
  const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
  new ProblemFilter().catch(error, host);
  return sent;
}

describe('ProblemFilter', () => {
  it('renders domain errors by category, with unmet conditions and the field at fault', () => {
    const notReady = respond(new ArticleRuleError('not_ready', 'Not ready', { unmet: [{ code: 'translation_missing', language: 'en' }] }));
    expect(notReady.status).toBe(409);
    expect(notReady.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(notReady.body).toEqual({
      type: expect.stringContaining('not_ready'),
      title: 'Conflict',
      status: 409,
      detail: 'Not ready',
      code: 'not_ready',
      unmet: [{ code: 'translation_missing', language: 'en' }],
    });
    expect(respond(new ArticleRuleError('quote_not_found', 'No match', { field: 'quote' })).body).toMatchObject({
      status: 400,
      code: 'quote_not_found',
      errors: [{ field: 'quote', message: 'No match' }],
    });
    expect(respond(new ArticleRuleError('own_translation', 'Own')).status).toBe(403);
    expect(respond(new ArticleRuleError('claim_not_found', 'Missing')).status).toBe(404);
  });

  it('renders API problems and Nest HTTP exceptions; a 401 names the Bearer scheme', () => {
    const unauthorized = respond(new ApiProblem(401, 'unauthorized', 'No token'));
    expect(unauthorized.headers['www-authenticate']).toBe('Bearer');
    expect(respond(new NotFoundException()).body).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('logs anything unexpected and answers a bare 500 problem, never the error itself', () => {
    const logged: unknown[] = [];
    class CapturingLogger extends ConsoleLogger {
      override error(...args: unknown[]) {
        logged.push(args);
      }
    }
    Logger.overrideLogger(new CapturingLogger());
    try {
      const failure = respond(new TypeError('secret internals'));
      expect(failure.status).toBe(HttpStatus.INTERNAL_SERVER_ERROR);
      expect(failure.body).toMatchObject({ status: 500, code: 'internal_error' });
      expect(JSON.stringify(failure.body)).not.toContain('secret internals');
      expect(JSON.stringify(logged)).toContain('secret internals');
      expect(JSON.stringify(logged)).toContain('req-1');
    } finally {
      Logger.overrideLogger(new ConsoleLogger());
    }
  });
});
