import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import request from 'supertest';
import { signToken } from '#auth';
import { startApp, TEST_SECRET, tokenFor, users, type TestApp } from './support/app.js';
import { Newsroom, PROBLEM_JSON, sampleArticle } from './support/newsroom.js';

const MISSING = '00000000-0000-4000-8000-000000000000';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signed = (header: object, payload: object, secret = TEST_SECRET, algorithm = 'sha256') => {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac(algorithm, secret).update(unsigned).digest('base64url')}`;
};
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

function expectProblem(res: request.Response, status?: number) {
  if (status !== undefined) expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
  expect(res.body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status: res.status, detail: expect.any(String), code: expect.stringMatching(/^[a-z_]+$/) }),
  );
}

describe('errors', () => {
  let t: TestApp;
  let api: Newsroom;
  let articleId: string;
  let claimId: string;
  let translationId: string;

  beforeAll(async () => {
    t = await startApp();
    api = new Newsroom(t.http);
    articleId = await api.draftId(sampleArticle({ targetLanguages: ['en'] }));
    claimId = await api.claimId(articleId, { quote: 'القواعد' });
    translationId = (await api.translate(articleId, { language: 'en', title: 'T', body: 'B' })).body.translationId;
  });
  afterAll(() => t.close());

  describe('status codes of the conventions', () => {
    it('400 malformed JSON, a non-object body; 413 over 1 MiB; 415 not JSON; 404 unknown route; 405 known route, other method', async () => {
      const post = () => request(t.http).post('/articles').set('Authorization', users.editor());
      const malformed = await post().set('Content-Type', 'application/json').send('{"title": ');
      expectProblem(malformed, 400);
      expect(malformed.body.code).toBe('invalid_json');
      expectProblem(await post().set('Content-Type', 'application/json').send('[1, 2]'), 400);
      const big = await post().set('Content-Type', 'application/json').send(JSON.stringify(sampleArticle({ body: 'x'.repeat(1024 * 1024) })));
      expectProblem(big, 413);
      expectProblem(await post().set('Content-Type', 'text/plain').send('hello'), 415);
      expectProblem(await post().set('Content-Type', 'application/x-www-form-urlencoded').send('title=x'), 415);
      expectProblem(await post().set('Content-Type', 'application/json; charset=iso-8859-1').send('{}'), 415);
      expectProblem(await post().set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{}'), 415);
      expect((await post().set('Content-Type', 'application/json; charset=UTF-8').send(JSON.stringify(sampleArticle()))).status).toBe(201);
      expectProblem(await request(t.http).get('/nowhere').set('Authorization', users.viewer()), 404);
      expectProblem(await request(t.http).delete(`/articles/${articleId}`).set('Authorization', users.editor()), 405);
    });

    it('413 for a chunked body (no Content-Length) that grows over 1 MiB', async () => {
      const address = t.http.listening ? t.http.address() : null;
      if (!address) await new Promise<void>((resolve) => t.http.listen(0, resolve));
      const { port } = t.http.address() as { port: number };
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ port, method: 'POST', path: '/articles', headers: { Authorization: users.editor(), 'Content-Type': 'application/json' } }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.write('{"title":"');
        const chunk = 'x'.repeat(64 * 1024);
        for (let i = 0; i < 20; i++) req.write(chunk);
        req.end('"}');
      });
      expect(status).toBe(413);
      expect(JSON.parse(body)).toMatchObject({ status: 413, code: 'payload_too_large' });
    });

    it('401 for a missing, malformed, wrongly signed, expired or exp-less token, alg none and HS512', async () => {
      const payload = { sub: 'mallory', roles: ['editor'], exp: inAnHour() };
      const tokens = [
        undefined,
        'Bearer',
        'Bearer ',
        'Basic YWxpY2U6c2VjcmV0',
        'Bearer not.a.jwt',
        'Bearer garbage',
        `Bearer ${signToken({ userId: 'mallory', roles: ['editor'] }, 'wrong-secret')}`,
        `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`,
        `Bearer ${signed({ alg: 'HS512', typ: 'JWT' }, payload, TEST_SECRET, 'sha512')}`,
        `Bearer ${signed({ alg: 'HS256' }, { ...payload, exp: Math.floor(Date.now() / 1000) - 10 })}`,
        `Bearer ${signed({ alg: 'HS256' }, { sub: 'mallory', roles: ['editor'] })}`,
        `Bearer ${signed({ alg: 'HS256' }, { ...payload, roles: 'editor' })}`,
        `Bearer ${signed({ alg: 'HS256' }, { ...payload, roles: ['admin'] })}`,
        `Bearer ${signed({ alg: 'HS256' }, { roles: ['editor'], exp: inAnHour() })}`,
        `Bearer ${signed({ alg: 'HS256' }, { ...payload, exp: 'tomorrow' })}`,
      ];
      for (const authorization of tokens) {
        const req = request(t.http).post('/articles').send(sampleArticle());
        const res = await (authorization === undefined ? req : req.set('Authorization', authorization));
        expectProblem(res, 401);
      }
      expect((await request(t.http).post('/articles').set('Authorization', `Bearer ${signed({ alg: 'HS256' }, payload)}`).send(sampleArticle())).status).toBe(201);
    });
  });

  describe('checks run in the contract order', () => {
    const hugeBody = JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) });

    it('token (401) before role, shape, size and media type', async () => {
      for (const [type, body] of [['application/json', '{bad json'], ['application/json', hugeBody], ['text/plain', 'hi']]) {
        expectProblem(await request(t.http).post(`/articles/${articleId}/publish`).set('Content-Type', type).send(body), 401);
      }
    });

    it('two Authorization headers are a 401, whichever tokens they carry', async () => {
      // superagent sends an array as repeated header lines; its types only admit that for Cookie.
      const res = await request(t.http).get('/dashboard').set('Authorization', [users.viewer(), users.editor()] as unknown as string);
      expectProblem(res, 401);
      expect((await request(t.http).get('/dashboard').set('Authorization', users.viewer())).status).toBe(200);
    });

    it('role (403) before shape (400/413/415)', async () => {
      for (const [type, body] of [['application/json', '{bad json'], ['application/json', hugeBody], ['text/plain', 'hi']]) {
        const res = await request(t.http).post('/articles').set('Authorization', users.viewer()).set('Content-Type', type).send(body);
        expectProblem(res, 403);
      }
    });

    it('shape (400) before existence (404)', async () => {
      expectProblem(await api.claim(MISSING, { quote: '' }), 400);
      expectProblem(await api.verdict(articleId, MISSING, { verdict: 'nonsense', rationale: 'r' }), 400);
      expectProblem(await api.revise('not-a-uuid', { title: 42 }), 400);
      expectProblem(await api.claim(MISSING, { quote: 'x' }, users.factChecker(), { 'If-Match': 'garbage' }), 400);
    });

    it('existence (404) before If-Match (412)', async () => {
      expectProblem(await api.claim(MISSING, { quote: 'x' }, users.factChecker(), { 'If-Match': '"1"' }), 404);
      expectProblem(await api.verdict(articleId, MISSING, { verdict: 'true', rationale: 'r' }, users.factChecker(), { 'If-Match': '"999"' }), 404);
      expectProblem(await api.approve(articleId, MISSING, users.secondEditor(), { 'If-Match': '"999"' }), 404);
    });

    it('If-Match (412) before the rules (403 four-eyes, 409) and before quote_not_found (400)', async () => {
      expectProblem(await api.publish(articleId, users.editor(), { 'If-Match': '"999"' }), 412);
      expectProblem(await api.approve(articleId, translationId, tokenFor('tariq-translator', ['editor', 'translator']), { 'If-Match': '"999"' }), 412);
      expectProblem(await api.translate(articleId, { language: 'ar', title: 'T', body: 'B' }, users.translator(), { 'If-Match': '"999"' }), 412);
      // A quote is measured against the article's text: a client on an old version hears that first.
      expectProblem(await api.claim(articleId, { quote: 'ليس في النص' }, users.factChecker(), { 'If-Match': '"999"' }), 412);
      const current = (await api.get(`/articles/${articleId}`)).body.version;
      expectProblem(await api.claim(articleId, { quote: 'ليس في النص' }, users.factChecker(), { 'If-Match': `"${current}"` }), 400);
      expectProblem(await api.claim(articleId, { quote: 'ليس في النص' }, users.factChecker(), { 'If-Match': `"0${current}"` }), 412);
      expectProblem(await api.publish(articleId, users.editor(), { 'If-Match': `"${current}"` }), 409);
      expectProblem(await api.approve(articleId, translationId, tokenFor('tariq-translator', ['editor']), { 'If-Match': `"${current}"` }), 403);
      expect((await api.get(`/articles/${articleId}`)).body.version).toBe(current);
      expect(claimId).toBeDefined();
    });
  });

  describe('no client input reaches a 5xx: every endpoint under a corpus of malformed requests', () => {
    const everything = () => tokenFor('fuzzer', ['editor', 'fact_checker', 'translator', 'viewer']);
    const commandPaths = () => [
      ['POST', '/articles'],
      ['PUT', `/articles/${articleId}/draft`],
      ['POST', `/articles/${articleId}/claims`],
      ['POST', `/articles/${articleId}/claims/${claimId}/verdicts`],
      ['POST', `/articles/${articleId}/translations`],
      ['POST', `/articles/${articleId}/translations/${translationId}/approve`],
      ['POST', `/articles/${articleId}/translations/${translationId}/reject`],
      ['POST', `/articles/${articleId}/publish`],
      ['POST', `/articles/${articleId}/corrections`],
      ['POST', `/articles/${articleId}/corrections/${MISSING}/publish`],
      ['POST', `/articles/${articleId}/retract`],
    ];
    const deep = (depth: number) => `{"title":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const rawBodies: Array<string | Buffer> = [
      'not json',
      '{',
      '',
      '[]',
      'null',
      '"string"',
      '42',
      'true',
      '\uFEFF{}',
      '{"title":1e999,"body":-1e999,"language":1e308}',
      '{"occurrence":1e999,"quote":"قال"}',
      '{"occurrence":-0,"quote":"قال"}',
      '{"occurrence":12345678901234567890,"quote":"قال"}',
      deep(20),
      deep(100_000),
      '{"__proto__":{"isAdmin":true},"title":"t","body":"b","language":"ar"}',
      '{"constructor":{"prototype":{"polluted":true}},"reason":"r"}',
      '{"sources":[{"url":"https://a.example","__proto__":{"x":1}}],"verdict":"true","rationale":"r"}',
      '{"title":"a\\u0000b","body":"b","language":"ar","quote":"\\u0000","reason":"\\u0001","rationale":"\\u001f"}',
      '{"title":"\\ud800","body":"\\udfff","language":"ar","quote":"\\ud83d","reason":"\\ud800x","rationale":"x\\udc00"}',
      Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      Buffer.from('{"title":"t\0","body":"\0","quote":"\0","reason":"\0"}'),
      JSON.stringify({ title: 'x'.repeat(400), body: 'y'.repeat(100_001), language: 'a'.repeat(10_000), quote: 'q'.repeat(2001), reason: 'r'.repeat(2001), rationale: 'r'.repeat(5001) }),
      JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))),
      JSON.stringify({ title: [], body: {}, language: 5, byline: true, source: [], targetLanguages: [null, 1, {}] }),
      JSON.stringify({ title: {}, body: [] }),
      JSON.stringify({ quote: null, occurrence: 'first', claimant: 5, claimedAt: 17 }),
      JSON.stringify({ verdict: {}, rationale: [], sources: [{ url: {} }, 'x', null, [], { url: 'https://a.example', title: 5 }] }),
      JSON.stringify({ verdict: 'true', rationale: 'r', sources: { length: 1, 0: { url: 'https://a.example' } } }),
      JSON.stringify({ language: ['en'], title: null, body: 1 }),
      JSON.stringify({ reason: null }),
      JSON.stringify({ toString: 'x', valueOf: 1, hasOwnProperty: null }),
      '{"title":"a","title":"b","body":"b","language":"ar"}',
    ];
    const contentTypes = ['application/json', 'text/plain', 'application/json; charset=latin1', 'multipart/form-data; boundary=x', 'application/json; charset="utf-8"', 'application/jsonx', ''];

    it('bodies × every command endpoint', async () => {
      for (const [method, path] of commandPaths()) {
        for (const body of rawBodies) {
          const req = method === 'PUT' ? request(t.http).put(path) : request(t.http).post(path);
          const res = await req.set('Authorization', everything()).set('Content-Type', 'application/json').send(body);
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expectProblem(res);
        }
      }
      const probe: Record<string, unknown> = {};
      expect([probe.isAdmin, probe.polluted, probe.x]).toEqual([undefined, undefined, undefined]);
    });

    it('headers × every command endpoint', async () => {
      const headerSets: Array<Record<string, string>> = [
        ...contentTypes.map((type) => ({ 'Content-Type': type })),
        { 'Content-Type': 'application/json', 'If-Match': 'garbage' },
        { 'Content-Type': 'application/json', 'If-Match': '"99999999999999999999"' },
        { 'Content-Type': 'application/json', 'If-Match': '"1", "2", garbage' },
        { 'Content-Type': 'application/json', 'If-Match': '*' },
        { 'Content-Type': 'application/json', 'Idempotency-Key': 'k'.repeat(300) },
        { 'Content-Type': 'application/json', 'Idempotency-Key': 'caf\u00e9' },
        { 'Content-Type': 'application/json', 'X-Request-Id': '<script>'.repeat(100) },
        { 'Content-Type': 'application/json', 'X-Padding': 'p'.repeat(12_000) },
        { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
        { 'Content-Type': 'application/json', Accept: 'text/html' },
      ];
      for (const [method, path] of commandPaths()) {
        for (const headers of headerSets) {
          const req = method === 'PUT' ? request(t.http).put(path) : request(t.http).post(path);
          const res = await req.set('Authorization', everything()).set(headers).send('{"reason":"r"}');
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expectProblem(res);
        }
      }
    });

    it('a header block over 16 KiB is refused by Node itself with a 431 in problem+json, never a 5xx', async () => {
      const res = await request(t.http).get('/articles').set('Authorization', `Bearer ${'a'.repeat(20_000)}`);
      expect(res.status).toBe(431);
      expectProblem(res);
      expect(res.body.code).toBe('headers_too_large');
    });

    it('HTTP refused before any route is problem+json on a closed connection: unparsable, no or two Hosts, an unknown Expect, CONNECT', async () => {
      if (!t.http.listening) await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
      const { port } = t.http.address() as AddressInfo;
      const exchange = (bytes: Buffer) =>
        new Promise<string>((resolve, reject) => {
          let answer = '';
          const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
          socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
          socket.on('end', () => resolve(answer));
          // Closing a socket with unread request bytes may reset it: what arrived before still counts.
          socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
          socket.setTimeout(10_000, () => {
            socket.destroy();
            reject(new Error(`No answer, or the connection was left open, after: ${JSON.stringify(bytes.toString('utf8').slice(0, 60))}`));
          });
        });
      const requests = [
        'POST /articles HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
        'POST /articles HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
        'GET /héalth HTTP/1.1\r\nHost: x\r\n\r\n',
        'GET /health HTTP/9.9\r\nHost: x\r\n\r\n',
      ];
      const expectProblemOnTheWire = (answer: string, status: number, code: string) => {
        const [head, ...rest] = answer.split('\r\n\r\n');
        expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
        expect(head).toMatch(/\r\nContent-Type: application\/problem\+json; charset=utf-8\r\n/i);
        expect(head).toMatch(/\r\nConnection: close/i);
        const body = rest.join('\r\n\r\n');
        // A response through Node's ServerResponse may come chunked: take the JSON between the chunk sizes.
        expect(JSON.parse(body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1))).toMatchObject({ status, code });
      };
      for (const raw of requests) expectProblemOnTheWire(await exchange(Buffer.from(raw, 'utf8')), 400, 'malformed_request');
      expectProblemOnTheWire(await exchange(Buffer.from('GET /health HTTP/1.1\r\nConnection: close\r\n\r\n')), 400, 'malformed_request');
      expectProblemOnTheWire(await exchange(Buffer.from('GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n')), 400, 'malformed_request');
      expectProblemOnTheWire(await exchange(Buffer.from('GET /health HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\nConnection: close\r\n\r\n')), 417, 'expectation_failed');
      expectProblemOnTheWire(await exchange(Buffer.from('CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n')), 405, 'method_not_allowed');
      expectProblemOnTheWire(await exchange(Buffer.from('GET /health HTTP/1.1\r\nHost: a, b\r\nConnection: close\r\n\r\n')), 400, 'malformed_request');
      expect(await exchange(Buffer.from('GET /health HTTP/1.0\r\n\r\n'))).toMatch(/^HTTP\/1\.1 200 /);
      expect(await exchange(Buffer.from('GET /health HTTP/1.1\r\nHost: [::1]:3000\r\nConnection: close\r\n\r\n'))).toMatch(/^HTTP\/1\.1 200 /);

      // A bad request pipelined behind a good one: the good one's answer comes first, since its write is stored.
      const before = (await api.get('/articles?limit=100')).body.items.length as number;
      const draft = JSON.stringify(sampleArticle());
      const good = `POST /articles HTTP/1.1\r\nHost: x\r\nAuthorization: ${users.editor()}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(draft)}\r\n\r\n${draft}`;
      const answer = await exchange(Buffer.from(`${good}GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n`, 'utf8'));
      expect(answer).toMatch(/^HTTP\/1\.1 201 /);
      expectProblemOnTheWire(answer.slice(answer.indexOf('HTTP/1.1 400')), 400, 'malformed_request');
      expect((await api.get('/articles?limit=100')).body.items).toHaveLength(before + 1);
    });

    it('tokens and ids × every endpoint', async () => {
      const badTokens = [
        'Bearer x',
        `Bearer ${b64({ alg: 'none' })}.${b64({ sub: 'm', roles: ['editor'], exp: inAnHour() })}.`,
        `Bearer ${signed({ alg: 'HS512' }, { sub: 'm', roles: ['editor'], exp: inAnHour() }, TEST_SECRET, 'sha512')}`,
        `Bearer ${signed({ alg: 'HS256' }, { sub: 'm', roles: { 0: 'editor' }, exp: inAnHour() })}`,
        `Bearer ${signed({ alg: 'HS256' }, { sub: 'm', roles: ['editor'], exp: 1 })}`,
        `Bearer ${signed({ alg: 'HS256' }, { sub: ['m'], roles: ['editor'], exp: inAnHour() })}`,
        `Bearer ${'a'.repeat(6000)}.${'b'.repeat(2000)}.c`,
        `Bearer ${Buffer.from('{"alg":"HS256"').toString('base64url')}.e30.x`,
      ];
      const ids = ['x', MISSING, '%00', '..%2F..%2Fetc', 'a'.repeat(2000), '%E0%A4%A', encodeURIComponent('مقال')];
      const paths = [
        ...ids.flatMap((id) => [
          ['GET', `/articles/${id}`],
          ['GET', `/articles/${id}/history`],
          ['GET', `/claims/${id}`],
          ['PUT', `/articles/${id}/draft`],
          ['POST', `/articles/${id}/claims`],
          ['POST', `/articles/${articleId}/claims/${id}/verdicts`],
          ['POST', `/articles/${id}/translations`],
          ['POST', `/articles/${articleId}/translations/${id}/approve`],
          ['POST', `/articles/${articleId}/translations/${id}/reject`],
          ['POST', `/articles/${id}/publish`],
          ['POST', `/articles/${id}/corrections`],
          ['POST', `/articles/${id}/corrections/${MISSING}/publish`],
          ['POST', `/articles/${articleId}/corrections/${id}/publish`],
          ['POST', `/articles/${id}/retract`],
          ['GET', `/articles/${id}?asOf=2021-01-01`],
        ]),
        ['GET', `/articles/${articleId}?asOf=9999-99-99`],
        ['GET', `/articles/${articleId}?asOf=275760-09-13T00:00:00.001Z`],
        ['GET', `/articles/${articleId}?asOf=2021-01-01T00:00:00Z&asOf=2022-01-01T00:00:00Z`],
        ['GET', `/articles/${articleId}?asOf=%00`],
        ['GET', '/articles?correctionNeeded=yes&status=correcting'],
        ['GET', '/articles?correctionNeeded[]=true'],
        ['GET', '/articles?limit=1e999&cursor=%E0%A4%A'],
        ['GET', '/articles?status[]=draft&limit[a]=1'],
        ['GET', '/claims?asOf=%00&verdict=%F0%9F%98%80&laterDisproven[]=true'],
        ['GET', `/claims/${claimId}?asOf=9999-99-99`],
        ['GET', `/claims/${claimId}?asOf=275760-09-13T00:00:00.001Z`],
        ['GET', `/claims/${claimId}?asOf=2021-01-01T00:00:00Z&asOf=2022-01-01T00:00:00Z`],
        ['GET', '/dashboard?x=1'],
        ['GET', '/articles?cursor=' + 'A'.repeat(5000)],
        ['GET', '/claims?cursor=eyJ4IjoxfQ'],
      ];
      const good = everything();
      for (const [method, path] of paths) {
        for (const authorization of [good, ...badTokens]) {
          const req = method === 'GET' ? request(t.http).get(path) : method === 'PUT' ? request(t.http).put(path) : request(t.http).post(path);
          const res = await req.set('Authorization', authorization).send(method === 'GET' ? undefined : { quote: 'q', reason: 'r', verdict: 'true', rationale: 'r' });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expectProblem(res);
          if (authorization !== good) expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
        }
      }
    });
  });
});
