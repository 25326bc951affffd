import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startApp, type TestApp } from './support/app.js';

describe('CORS', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('is off by default', async () => {
    t = await startApp();
    const res = await request(t.http).get('/health').set('Origin', 'https://elsewhere.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the configured origins only, exposing ETag and Location', async () => {
    t = await startApp({ config: { corsOrigins: ['https://desk.example'] } });
    const allowed = await request(t.http)
      .options('/articles')
      .set('Origin', 'https://desk.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,if-match,idempotency-key');
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://desk.example');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/If-Match/);
    const simple = await request(t.http).get('/health').set('Origin', 'https://desk.example');
    expect(simple.headers['access-control-expose-headers']).toMatch(/ETag/);
    const other = await request(t.http).get('/health').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
