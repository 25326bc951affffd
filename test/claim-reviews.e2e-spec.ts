import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Validator from '@adobe/structured-data-validator';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { demoClaims, WMD_CLAIM_KEY, wmdDisproven } from '../scripts/demo/claims.js';
import { readSeedArticle } from '../scripts/demo/seed-article.js';
import { startApp, users, type TestApp } from './support/app.js';
import { Newsroom } from './support/newsroom.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// CI lays the shared folder out beside the repository (../shared).
const vocabularyPath = join(ROOT, '..', 'shared', 'schema-org', 'schemaorg-current-https.jsonld');
const haveVocabulary = existsSync(vocabularyPath);
if (!haveVocabulary) console.warn(`SKIPPED: validating GET /articles/{id}/claim-reviews and /fact-checks/{id}/claim-review against schema.org: ${vocabularyPath} is absent`);

interface Issue {
  issueMessage: string;
  severity: 'ERROR' | 'WARNING';
  path?: { type?: string; property?: string }[];
  fieldNames?: string[];
}

async function schemaOrgIssues(reviews: object[]): Promise<Issue[]> {
  const vocabulary = JSON.parse(readFileSync(vocabularyPath, 'utf8')) as object;
  // The validator imports its handlers concurrently on first use, which Jest's ESM loader can race on: load them one by one first.
  const types = join(ROOT, 'node_modules', '@adobe', 'structured-data-validator', 'src', 'types');
  for (const file of readdirSync(types).filter((name) => name.endsWith('.js')).sort()) await import(pathToFileURL(join(types, file)).href);
  return (await new Validator(vocabulary).validate({ jsonld: { ClaimReview: reviews }, microdata: {}, rdfa: {} })) as Issue[];
}

interface Review {
  '@context': string;
  '@type': string;
  url: string;
  claimReviewed: string;
  inLanguage: string;
  reviewRating: { ratingValue?: number; alternateName: string };
  correction?: { '@type': string; name: string; text: string; datePublished: string }[];
  itemReviewed: { author?: { name: string }; datePublished?: string; appearance?: { '@type': string; url: string }[] };
}

describe('GET /articles/{id}/claim-reviews', () => {
  let t: TestApp;
  let api: Newsroom;
  let articleId: string;
  const claimIds = new Map<string, string>();

  beforeAll(async () => {
    t = await startApp({ config: { claimReview: { articleUrl: 'https://news.example/a/{id}', factCheckUrl: 'https://news.example/f/{id}', publisherName: 'Newsroom', publisherUrl: 'https://news.example' } } });
    api = new Newsroom(t.http);
    const seed = readSeedArticle();
    articleId = await api.draftId({ title: seed.title, body: seed.body, language: 'ar', byline: seed.byline, source: seed.source });
    for (const claim of demoClaims) {
      const res = await api.claim(articleId, { quote: claim.quote, claimant: claim.claimant, claimedAt: claim.claimedAt });
      expect(res.status).toBe(201);
      claimIds.set(claim.key, res.body.claimId as string);
    }
    // One claim stays without a verdict, one is withdrawn: neither is reviewed.
    for (const claim of demoClaims.slice(1)) expect((await api.verdict(articleId, claimIds.get(claim.key)!, claim.verdict)).status).toBe(201);
    expect((await api.verdict(articleId, claimIds.get(WMD_CLAIM_KEY)!, wmdDisproven)).status).toBe(201);
  });
  afterAll(() => t.close());

  const reviews = async (): Promise<Review[]> => {
    const res = await api.get(`/articles/${articleId}/claim-reviews`, users.viewer());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    return JSON.parse(res.text) as Review[];
  };

  it('gives one ClaimReview per active claim with a verdict; the WMD claim is rated false in Arabic, its correction naming the earlier mostly_true', async () => {
    const all = await reviews();
    expect(all).toHaveLength(demoClaims.length - 1);
    const wmd = all.find((review) => review.url === `https://news.example/a/${articleId}#claim-${claimIds.get(WMD_CLAIM_KEY)}`)!;
    expect(wmd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      inLanguage: 'ar',
      claimReviewed: 'والقضاء على أسلحة دمار شامل',
      reviewRating: { ratingValue: 1, alternateName: 'خاطئ' },
      itemReviewed: { author: { name: 'إدارة جورج دبليو بوش' }, datePublished: '2003-03-17' },
    });
    expect(wmd.correction).toEqual([expect.objectContaining({ '@type': 'CorrectionComment', name: 'صحيح في معظمه', text: expect.stringContaining('mostly_true') })]);
  });

  (haveVocabulary ? it : it.skip)('validates against the schema.org vocabulary: no errors but the unverifiable rating’s missing number', async () => {
    const all = await reviews();
    const issues = await schemaOrgIssues(all);
    const unverifiable = all.filter((review) => review.reviewRating.ratingValue === undefined);
    expect(unverifiable.length).toBeGreaterThan(0);
    expect(issues).toHaveLength(unverifiable.length);
    for (const issue of issues) {
      expect(issue).toMatchObject({ severity: 'ERROR', fieldNames: ['ratingValue'], path: [{ type: 'ClaimReview' }, { property: 'reviewRating', type: 'Rating' }] });
    }
  });

  it('answers [] for an article without verdicts and 404 for an unknown article', async () => {
    const bare = await api.draftId();
    const res = await api.get(`/articles/${bare}/claim-reviews`, users.viewer());
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual([]);
    const missing = await api.get('/articles/00000000-0000-4000-8000-000000000000/claim-reviews', users.viewer());
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('article_not_found');
    expect((await api.get(`/articles/${bare}/claim-reviews`, '')).status).toBe(401);
  });
});

describe('GET /fact-checks/{id}/claim-review', () => {
  const WMD = 'العراق يمتلك أسلحة دمار شامل';
  let t: TestApp;
  let api: Newsroom;

  beforeAll(async () => {
    t = await startApp({ config: { claimReview: { articleUrl: 'https://news.example/a/{id}', factCheckUrl: 'https://news.example/f/{id}', publisherName: 'Newsroom', publisherUrl: 'https://news.example' } } });
    api = new Newsroom(t.http);
  });
  afterAll(() => t.close());

  const factCheckVerdict = async (factCheckId: string, verdict: string, rationale: string) =>
    expect((await api.post(`/fact-checks/${factCheckId}/verdicts`, { verdict, rationale }, users.factChecker())).status).toBe(201);

  it('reviews a fact-check linked from two articles: rated false, both appearances, a correction naming the earlier mostly_true; 404 before the first verdict', async () => {
    const created = await api.post('/fact-checks', { statement: WMD, language: 'ar', claimant: 'إدارة جورج دبليو بوش', claimedAt: '2003-02-05' }, users.factChecker());
    expect(created.status).toBe(201);
    const factCheckId = created.body.id as string;
    const articleIds: string[] = [];
    for (const n of [1, 2]) {
      const articleId = await api.draftId({ title: `مقال ${n}`, body: `تقرير رقم ${n}. قال المسؤول إن ${WMD} وإن الخطر قائم.`, language: 'ar' });
      const claimId = await api.claimId(articleId, { quote: WMD });
      expect((await api.post(`/articles/${articleId}/claims/${claimId}/fact-check`, { factCheckId }, users.factChecker())).status).toBe(200);
      articleIds.push(articleId);
    }

    const pending = await api.get(`/fact-checks/${factCheckId}/claim-review`, users.viewer());
    expect(pending.status).toBe(404);
    expect(pending.body.code).toBe('claim_review_not_found');

    await factCheckVerdict(factCheckId, 'mostly_true', 'تقارير الاستخبارات');
    await factCheckVerdict(factCheckId, 'false', 'لم يُعثر على أي أسلحة');
    const res = await api.get(`/fact-checks/${factCheckId}/claim-review`, users.viewer());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    const review = JSON.parse(res.text) as Review;
    expect(review).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `https://news.example/f/${factCheckId}`,
      claimReviewed: WMD,
      inLanguage: 'ar',
      reviewRating: { ratingValue: 1, alternateName: 'خاطئ' },
      itemReviewed: { author: { name: 'إدارة جورج دبليو بوش' }, datePublished: '2003-02-05' },
    });
    expect(review.itemReviewed.appearance?.map((appearance) => appearance.url).sort()).toEqual(articleIds.map((id) => `https://news.example/a/${id}`).sort());
    expect(review.correction).toEqual([expect.objectContaining({ '@type': 'CorrectionComment', name: 'صحيح في معظمه', text: expect.stringContaining('mostly_true') })]);
    if (haveVocabulary) expect(await schemaOrgIssues([review])).toEqual([]);
  });

  it('is a 404 fact_check_not_found for an unknown or malformed id, and needs a token', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await api.get(`/fact-checks/${id}/claim-review`, users.viewer());
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('fact_check_not_found');
    }
    expect((await api.get('/fact-checks/00000000-0000-4000-8000-000000000000/claim-review', '')).status).toBe(401);
  });
});
