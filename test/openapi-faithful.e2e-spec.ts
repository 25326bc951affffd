import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startApp, type TestApp } from './support/app.js';

type Schema = { type?: string; nullable?: boolean; pattern?: string; additionalProperties?: unknown; minProperties?: number; properties?: Record<string, Schema> };
type Operation = {
  description?: string;
  parameters?: { in: string; name: string; example?: unknown }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { headers?: Record<string, unknown> }>;
};
interface Document {
  servers: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; headers: Record<string, unknown> };
}

describe('the OpenAPI document describes what the service enforces and sends', () => {
  let t: TestApp;
  let doc: Document;
  const operations = () => Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));

  beforeAll(async () => {
    t = await startApp();
    doc = (await request(t.http).get('/docs-json')).body as Document;
  });
  afterAll(() => t.close());

  it('types nullable strings as strings, never object', () => {
    const { DraftArticleDto, IdentifyClaimDto } = doc.components.schemas;
    for (const field of [DraftArticleDto.properties!.byline, DraftArticleDto.properties!.source, IdentifyClaimDto.properties!.claimedAt]) {
      expect(field).toMatchObject({ type: 'string', nullable: true });
    }
  });

  it('declares the rules the service enforces on request bodies: unknown fields, an empty revision, source URLs, language tags', () => {
    const { DraftArticleDto, ReviseDraftDto, SourceDto, RecordVerdictDto, SubmitTranslationDto } = doc.components.schemas;
    for (const schema of [DraftArticleDto, ReviseDraftDto, SourceDto, RecordVerdictDto]) expect(schema.additionalProperties).toBe(false);
    expect(ReviseDraftDto.minProperties).toBe(1);
    const url = new RegExp(SourceDto.properties!.url.pattern!);
    expect(['https://example.org/report', 'HTTP://a.example/x?y#z'].every((value) => url.test(value))).toBe(true);
    expect(['ftp://example.org', 'javascript:alert(1)', 'https:///x', 'http://a b'].some((value) => url.test(value))).toBe(false);
    const tag = new RegExp(SubmitTranslationDto.properties!.language.pattern!);
    expect(['ar', 'en', 'ar-SY', 'zh-Hant-TW'].every((value) => tag.test(value))).toBe(true);
    expect(['', 'a', 'en_US', 'ar-'].some((value) => tag.test(value))).toBe(false);
    expect(DraftArticleDto.properties!.language.pattern).toBe(SubmitTranslationDto.properties!.language.pattern);
  });

  it('has servers, defined tags, a description on every operation and an example for every path parameter', () => {
    expect(doc.servers.length).toBeGreaterThan(0);
    const tags = new Set(doc.tags.map((tag) => tag.name));
    for (const { path, method, operation } of operations()) {
      expect({ path, method, description: typeof operation.description }).toEqual({ path, method, description: 'string' });
      for (const tag of (operation as { tags?: string[] }).tags ?? []) expect(tags).toContain(tag);
      for (const parameter of (operation.parameters ?? []).filter((p) => p.in === 'path')) expect({ path, name: parameter.name, example: typeof parameter.example }).toEqual({ path, name: parameter.name, example: 'string' });
    }
  });

  it('declares the headers it sends: X-Request-Id everywhere, Idempotent-Replayed on commands, Retry-After on 503, ETag and Newsroom-Position on a command’s success', async () => {
    for (const { path, method, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const headers = Object.keys(response.headers ?? {});
        expect({ path, method, status, requestId: headers.includes('X-Request-Id') }).toEqual({ path, method, status, requestId: true });
        if (status === '503') expect(headers).toContain('Retry-After');
        if (method === 'post' || method === 'put') expect(headers).toContain('Idempotent-Replayed');
      }
    }
    expect(Object.keys(doc.paths['/articles'].post.responses['201'].headers ?? {})).toEqual(expect.arrayContaining(['ETag', 'Newsroom-Position', 'Location']));
    expect(Object.keys(doc.components.headers)).toEqual(expect.arrayContaining(['X-Request-Id', 'Idempotent-Replayed', 'Retry-After', 'Allow']));
  });
});
