import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { runDemo } from '../scripts/demo.js';
import { CORRECTION_NOTE, WMD_SENTENCE } from '../scripts/demo/correction.js';
import { startApp, TEST_SECRET, type TestApp } from './support/app.js';

describe('npm run demo against the real service', () => {
  let service: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    service = await startApp();
    await service.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(service.http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await service.close();
  });

  const run = async () => {
    let output = '';
    const result = await runDemo({ baseUrl, secret: TEST_SECRET, out: { write: (text: string) => (output += text) } });
    return { result, output };
  };

  it('publishes the seed article, disproves the WMD claim after publication, and prints the table and dashboard', async () => {
    const { result, output } = await run();

    expect(result.version).toBe(24);
    expect(result.claims).toHaveLength(7);
    const disproven = result.claims.filter((claim) => claim.laterDisproven);
    expect(disproven.map((claim) => claim.quote)).toEqual(['والقضاء على أسلحة دمار شامل']);
    expect(disproven[0].verdicts.map((verdict) => verdict.verdict)).toEqual(['mostly_true', 'false']);
    expect(result.dashboard).toEqual({
      articles: { draft: 0, ready: 0, published: 1, correcting: 0, retracted: 0 },
      claims: { pending: 0, true: 4, mostly_true: 1, mixed: 0, misleading: 0, false: 1, unverifiable: 1 },
      laterDisproven: 1,
      correctionNeeded: 0,
      corrections: { open: 0, published: 1, averageHoursToCorrect: expect.any(Number) },
    });
    expect(output).toContain('409 not_ready: 7 claims pending, translation missing: en');
    expect(output).toContain('\u2067والقضاء على أسلحة دمار شامل\u2069');
    expect(output).toMatch(/WMD justification\s+mostly_true → false\s+yes/u);
    expect(output).toContain('the WMD claim stood at mostly_true');
    expect(output).toContain('layla  publishes the correction with a note to readers');
    expect(output).toContain(`note       \u2067${CORRECTION_NOTE}\u2069`);
    expect(output).toMatch(/before the correction \(GET \/articles\/[0-9a-f-]+\?asOf=[^)]+\):\n {2}status {5}published, version 19, correction needed: yes/u);
    expect(output).toContain(`\u2067${WMD_SENTENCE.before}\u2069`);
    expect(output).toContain('WMD claim  mostly_true → false');
  });

  it('succeeds again on the same service, with a new article and fresh idempotency keys', async () => {
    const first = (await run()).result;
    const second = (await run()).result;

    expect(second.articleId).not.toBe(first.articleId);
    expect(second.dashboard.articles.published).toBe(first.dashboard.articles.published + 1);
    expect(second.dashboard.laterDisproven).toBe(first.dashboard.laterDisproven + 1);
  });

  it('fails with the problem+json when the service refuses its tokens', async () => {
    await expect(runDemo({ baseUrl, secret: 'not-the-service-secret', out: { write: () => true } })).rejects.toThrow(
      /POST \/articles answered 401, expected 201:[\s\S]*"code": "unauthorized"[\s\S]*same JWT_SECRET or DATA_DIR/u,
    );
  });
});
