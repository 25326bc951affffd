import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from './support/app.js';
import { Newsroom, PROBLEM_JSON, sampleArticle } from './support/newsroom.js';

interface Entry {
  version: number;
  type: string;
}

/** The target of a `Link: <…>; rel="next"` header, or null without one. */
function nextLink(header: string | undefined): string | null {
  const match = header ? /^<([^>]+)>;\s*rel="next"$/.exec(header) : null;
  return match ? match[1] : null;
}

describe('bounded answers (API.md v2, Bounds)', () => {
  let t: TestApp;
  let api: Newsroom;

  beforeAll(async () => {
    t = await startApp();
    api = new Newsroom(t.http);
  });
  afterAll(() => t.close());

  describe('GET /articles/{id}/history?fromVersion=&limit=', () => {
    let id: string;
    let version: number;

    beforeAll(async () => {
      id = await api.draftId(sampleArticle());
      const claimId = await api.claimId(id, { quote: 'القواعد عراقية' });
      for (const verdict of ['true', 'mixed', 'false', 'true', 'misleading', 'false']) {
        expect((await api.verdict(id, claimId, { verdict, rationale: verdict })).status).toBe(201);
      }
      version = (await api.get(`/articles/${id}`)).body.version;
    });

    it('without parameters: the whole history (under 1,000 events), no Link', async () => {
      const res = await api.get(`/articles/${id}/history`);
      expect(res.status).toBe(200);
      expect(res.body.map((entry: Entry) => entry.version)).toEqual(Array.from({ length: version }, (_, index) => index + 1));
      expect(res.headers.link).toBeUndefined();
    });

    it('pages follow the Link rel="next" header to the end: complete, in order, none longer than limit', async () => {
      const whole = (await api.get(`/articles/${id}/history`)).body as Entry[];
      for (const limit of [1, 3, version - 1]) {
        const seen: Entry[] = [];
        let path: string | null = `/articles/${id}/history?limit=${limit}`;
        let pages = 0;
        while (path) {
          const res = await api.get(path);
          expect(res.status).toBe(200);
          expect(res.body.length).toBeLessThanOrEqual(limit);
          seen.push(...res.body);
          path = nextLink(res.headers.link);
          if (path) expect(path).toBe(`/articles/${id}/history?fromVersion=${seen.length + 1}&limit=${limit}`);
          pages += 1;
        }
        expect(seen).toEqual(whole);
        expect(pages).toBe(Math.ceil(version / limit));
      }
    });

    it('fromVersion starts the page there; past the end it is an empty page', async () => {
      const res = await api.get(`/articles/${id}/history?fromVersion=3&limit=2`);
      expect(res.body.map((entry: Entry) => entry.version)).toEqual([3, 4]);
      expect(nextLink(res.headers.link)).toBe(`/articles/${id}/history?fromVersion=5&limit=2`);
      const past = await api.get(`/articles/${id}/history?fromVersion=${version + 1}`);
      expect([past.status, past.body, past.headers.link]).toEqual([200, [], undefined]);
    });

    it('400 for a limit outside 1–1,000, a fromVersion below 1, or anything but decimal digits; 404 for an unknown article', async () => {
      for (const query of ['limit=0', 'limit=1001', 'limit=-1', 'limit=1e2', 'limit=abc', 'fromVersion=0', 'fromVersion=-3', 'fromVersion=0x10', 'fromVersion=1.5', 'other=1']) {
        const res = await api.get(`/articles/${id}/history?${query}`);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      }
      expect((await api.get(`/articles/${id}/history?limit=1000&fromVersion=1`)).status).toBe(200);
      expect((await api.get('/articles/00000000-0000-4000-8000-000000000000/history?limit=5')).status).toBe(404);
    });
  });

  describe('GET /claims', () => {
    it('each item carries its latest 10 verdicts and verdictCount; the claim by id carries them all', async () => {
      const id = await api.draftId(sampleArticle());
      const claimId = await api.claimId(id, { quote: 'القواعد عراقية' });
      for (let n = 1; n <= 12; n += 1) {
        expect((await api.verdict(id, claimId, { verdict: n % 2 ? 'true' : 'false', rationale: `#${n}` })).status).toBe(201);
      }

      const listed = (await api.get(`/claims?articleId=${id}`)).body.items;
      expect(listed).toHaveLength(1);
      expect(listed[0].verdictCount).toBe(12);
      expect(listed[0].verdicts.map((verdict: { rationale: string }) => verdict.rationale)).toEqual(Array.from({ length: 10 }, (_, n) => `#${n + 3}`));
      expect(listed[0].verdict).toBe('false');

      const one = (await api.get(`/claims/${claimId}`)).body;
      expect(one.verdicts).toHaveLength(12);
      const { verdicts: _all, ...rest } = one;
      const { verdicts: _latest, verdictCount: _count, ...listedRest } = listed[0];
      expect(listedRest).toEqual(rest);
    });
  });
});
