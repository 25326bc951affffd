import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startApp, type TestApp } from './support/app.js';

const CONTRACT: Array<[string, string]> = [
  ['post', '/articles'],
  ['put', '/articles/{id}/draft'],
  ['post', '/articles/{id}/claims'],
  ['post', '/articles/{id}/claims/{claimId}/verdicts'],
  ['post', '/articles/{id}/translations'],
  ['post', '/articles/{id}/translations/{translationId}/approve'],
  ['post', '/articles/{id}/translations/{translationId}/reject'],
  ['post', '/articles/{id}/publish'],
  ['post', '/articles/{id}/corrections'],
  ['post', '/articles/{id}/corrections/{correctionId}/publish'],
  ['post', '/articles/{id}/retract'],
  ['get', '/articles'],
  ['get', '/articles/{id}'],
  ['get', '/articles/{id}/history'],
  ['get', '/claims'],
  ['get', '/claims/{claimId}'],
  ['get', '/dashboard'],
  ['get', '/health'],
  ['get', '/events'],
  ['get', '/board'],
  ['get', '/articles/{id}/claim-reviews'],
  ['post', '/fact-checks'],
  ['post', '/fact-checks/{id}/verdicts'],
  ['post', '/articles/{id}/claims/{claimId}/fact-check'],
  ['get', '/fact-checks'],
  ['get', '/fact-checks/{id}'],
  ['get', '/fact-checks/{id}/impact'],
  ['get', '/fact-checks/{id}/claim-review'],
];
const NOT_JSON: Record<string, string> = { '/events': 'text/event-stream', '/board': 'text/html', '/articles/{id}/claim-reviews': 'application/ld+json',
  '/fact-checks/{id}/claim-review': 'application/ld+json',
};

type Operation = {
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: { $ref?: string; type?: string; items?: { $ref?: string } } }> }>;
  parameters?: Array<{ name: string; in: string }>;
  security?: unknown[];
};

describe('OpenAPI document and Swagger UI', () => {
  let t: TestApp;
  let doc: { openapi: string; info: { description: string }; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> } };

  beforeAll(async () => {
    t = await startApp();
    const res = await request(t.http).get('/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(() => t.close());

  it('is OpenAPI 3 and lists every path and method of the contract, and nothing else', () => {
    expect(doc.openapi).toMatch(/^3\./);
    const listed = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    expect(listed.sort()).toEqual(CONTRACT.map(([method, path]) => `${method} ${path}`).sort());
  });

  it('describes every body, success response and problem+json error response', () => {
    for (const [method, path] of CONTRACT) {
      const operation = doc.paths[path][method];
      const success = Object.keys(operation.responses).find((status) => status.startsWith('2'));
      expect({ path, method, success }).toEqual({ path, method, success: expect.any(String) });
      expect(operation.responses[success!].content?.[NOT_JSON[path] ?? 'application/json']?.schema).toBeDefined();
      if (path === '/health' || path === '/board') continue;
      for (const status of ['401', '403']) {
        expect(operation.responses[status]?.content?.['application/problem+json']?.schema.$ref).toBe('#/components/schemas/ProblemDto');
      }
      if (method !== 'get') {
        expect(operation.requestBody?.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\//);
        for (const status of ['400', '404', '412', '413', '415', '422']) {
          if ((path === '/articles' || path === '/fact-checks') && (status === '404' || status === '412')) continue;
          expect({ path, status, documented: operation.responses[status] !== undefined }).toEqual({ path, status, documented: true });
        }
        expect(operation.parameters?.map((parameter) => parameter.name)).toContain('Idempotency-Key');
      }
    }
    expect(doc.components.schemas.ProblemDto.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
    expect(Object.keys(doc.components.schemas.DraftArticleDto.properties).sort()).toEqual(['body', 'byline', 'language', 'source', 'targetLanguages', 'title']);
    expect(Object.keys(doc.components.schemas.ClaimViewDto.properties).sort()).toEqual(
      ['id', 'articleId', 'articleTitle', 'quote', 'start', 'end', 'claimant', 'claimedAt', 'status', 'verdict', 'laterDisproven', 'verdicts', 'factCheckId'].sort(),
    );
  });

  it('documents Newsroom-Position on every command’s success and Newsroom-Min-Position (400, 503) on every authenticated GET', () => {
    for (const [method, path] of CONTRACT) {
      const operation = doc.paths[path][method];
      if (method !== 'get') {
        const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))![1];
        expect(Object.keys(success.headers ?? {})).toEqual(expect.arrayContaining(['ETag', 'Newsroom-Position']));
      } else if (path !== '/health' && path !== '/board') {
        expect(operation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Newsroom-Min-Position', in: 'header' })]));
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '503']));
      }
    }
  });

  it('documents the query parameters and the settings', () => {
    const names = (path: string) =>
      doc.paths[path].get.parameters
        ?.filter((parameter) => parameter.in !== 'header')
        .map((parameter) => parameter.name)
        .sort();
    expect(names('/articles')).toEqual(['correctionNeeded', 'cursor', 'limit', 'status']);
    expect(names('/articles/{id}')).toEqual(['asOf', 'id']);
    expect(names('/claims')).toEqual(['articleId', 'cursor', 'laterDisproven', 'limit', 'q', 'verdict']);
    expect(names('/fact-checks')).toEqual(['cursor', 'laterDisproven', 'limit', 'q', 'verdict']);
    expect(names('/fact-checks/{id}')).toEqual(['asOf', 'id']);
    expect(names('/claims/{claimId}')).toEqual(['asOf', 'claimId']);
    expect(names('/articles/{id}/history')).toEqual(['fromVersion', 'id', 'limit']);
    expect(doc.paths['/articles/{id}/history'].get.responses['200']).toHaveProperty('headers.Link');
    expect(doc.components.schemas.ClaimPageDto.properties.items).toEqual(expect.objectContaining({ items: { $ref: '#/components/schemas/ClaimListItemDto' } }));
    for (const setting of ['PORT', 'DATA_DIR', 'JWT_SECRET', 'EVENT_STORE', 'EVENTSTORE_CONNECTION_STRING', 'CORS_ORIGINS', 'LOG_LEVEL']) {
      expect(doc.info.description).toContain(setting);
    }
  });

  it('serves Swagger UI without a token under a CSP that allows its own scripts and styles', async () => {
    const page = await request(t.http).get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('swagger-ui');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    // Over plain HTTP an upgrade to https would leave Swagger UI without its scripts.
    expect(csp).not.toContain('upgrade-insecure-requests');
    const scripts = [...page.text.matchAll(/<(?:script[^>]*src|link[^>]*href)="([^"]+)"/g)].map((match) => match[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src.startsWith('http')).toBe(false);
      const res = await request(t.http).get(new URL(src, 'http://x/docs').pathname);
      expect(res.status).toBe(200);
    }
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)[^<]+<\/script>/);
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await request(t.http).get('/health').set('X-Request-Id', 'trace-123');
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const generated = await request(t.http).get('/health').set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
