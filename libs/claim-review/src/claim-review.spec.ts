import { beforeAll, describe, expect, it } from '@jest/globals';
import Validator from '@adobe/structured-data-validator';
import jsonld from 'jsonld';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  claimReviewOfClaim,
  claimReviewOfFactCheck,
  claimReviewsOfArticle,
  VERDICTS,
  type ArticleClaimInput,
  type ClaimReviewDocument,
  type ClaimReviewSettings,
  type FactCheckInput,
  type ReviewedVerdict,
} from './index.js';

const settings: ClaimReviewSettings = {
  articleUrl: 'https://newsroom.example/articles/{id}',
  factCheckUrl: 'https://newsroom.example/fact-checks/{id}',
  publisherName: 'Newsroom Fact Desk',
  publisherUrl: 'https://newsroom.example',
};

const articleId = '0b9c1c1e-7f7e-4d52-9a53-3f1d2a4f6a01';
const wikipedia = (page: string, title: string) => ({ url: `https://en.wikipedia.org/wiki/${page}`, title: `Wikipedia: ${title}` });

/** The demo's WMD justification: believed in March 2003, disproven by the Iraq Survey Group in 2004. */
const wmdClaim = (): ArticleClaimInput => ({
  id: '5a6d7e8f-0000-4000-8000-00000000a3d1',
  articleId,
  quote: 'والقضاء على أسلحة دمار شامل',
  language: 'ar',
  claimant: 'إدارة جورج دبليو بوش',
  claimedAt: '2003-03-17',
  verdicts: [
    {
      verdict: 'mostly_true',
      rationale: 'Recorded as the case stood in March 2003: US and British intelligence assessments supported the belief that Iraq still held chemical and biological weapons.',
      sources: [
        { url: 'https://georgewbush-whitehouse.archives.gov/news/releases/2003/03/20030317-7.html', title: 'The White House: President Says Saddam Hussein Must Leave Iraq Within 48 Hours (17 March 2003)' },
        wikipedia('United_Nations_Security_Council_Resolution_1441', 'UN Security Council Resolution 1441'),
      ],
      by: 'farah-checker',
      at: '2003-03-20T09:00:00.000Z',
    },
    {
      verdict: 'false',
      rationale: 'The Iraq Survey Group’s final report (October 2004) found that Iraq held no weapons of mass destruction in 2003.',
      sources: [wikipedia('Iraq_Survey_Group', 'Iraq Survey Group (Duelfer report)'), wikipedia('Iraq_and_weapons_of_mass_destruction', 'Iraq and weapons of mass destruction')],
      by: 'farah-checker',
      at: '2004-10-06T15:30:00.000Z',
    },
  ],
});

let verdictCount = 0;
const aVerdict = (verdict: ReviewedVerdict['verdict'], extra: Partial<ReviewedVerdict> = {}): ReviewedVerdict => {
  verdictCount += 1;
  return {
    verdict,
    rationale: `Rationale ${verdictCount} for ${verdict}`,
    sources: [{ url: `https://sources.example/${verdictCount}` }],
    by: 'farah-checker',
    at: new Date(Date.UTC(2021, 6, verdictCount)).toISOString(),
    ...extra,
  };
};

const aFactCheck = (extra: Partial<FactCheckInput> = {}): FactCheckInput => ({
  id: '9e2f6c4a-1111-4000-8000-0000000000fc',
  statement: 'Iraq held weapons of mass destruction in 2003',
  language: 'en',
  claimant: 'Bush administration',
  claimedAt: '2003-03-17',
  verdicts: [aVerdict('mostly_true'), aVerdict('false')],
  appearances: [{ articleId }, { articleId: 'a2c4e6f8-2222-4000-8000-000000000002' }, { articleId }],
  ...extra,
});

describe('ClaimReview mapping (API.md, Exports and identity)', () => {
  it('maps an article claim: url with #claim- fragment, quote, language, publisher, first and latest verdict dates, the claim and its article', () => {
    const review = claimReviewOfClaim(wmdClaim(), settings)!;
    expect(review).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `https://newsroom.example/articles/${articleId}#claim-5a6d7e8f-0000-4000-8000-00000000a3d1`,
      claimReviewed: 'والقضاء على أسلحة دمار شامل',
      inLanguage: 'ar',
      author: { '@type': 'Organization', name: 'Newsroom Fact Desk', url: 'https://newsroom.example' },
      datePublished: '2003-03-20T09:00:00.000Z',
      dateModified: '2004-10-06T15:30:00.000Z',
      itemReviewed: {
        '@type': 'Claim',
        text: 'والقضاء على أسلحة دمار شامل',
        author: { '@type': 'Person', name: 'إدارة جورج دبليو بوش' },
        datePublished: '2003-03-17',
        appearance: [{ '@type': 'CreativeWork', url: `https://newsroom.example/articles/${articleId}` }],
      },
      reviewRating: {
        '@type': 'Rating',
        ratingValue: 1,
        worstRating: 1,
        bestRating: 5,
        alternateName: 'خاطئ',
        ratingExplanation: wmdClaim().verdicts[1].rationale,
      },
      citation: [
        { '@type': 'CreativeWork', url: 'https://en.wikipedia.org/wiki/Iraq_Survey_Group', name: 'Wikipedia: Iraq Survey Group (Duelfer report)' },
        { '@type': 'CreativeWork', url: 'https://en.wikipedia.org/wiki/Iraq_and_weapons_of_mass_destruction', name: 'Wikipedia: Iraq and weapons of mass destruction' },
      ],
    });
  });

  it('keeps the lineage: a CorrectionComment per earlier verdict, naming it, dated when its replacement was recorded', () => {
    const review = claimReviewOfClaim(wmdClaim(), settings)!;
    expect(review.correction).toEqual([
      {
        '@type': 'CorrectionComment',
        name: 'صحيح في معظمه',
        text: expect.stringContaining('(mostly_true 4/5)'),
        dateCreated: '2003-03-20T09:00:00.000Z',
        datePublished: '2004-10-06T15:30:00.000Z',
      },
    ]);
    const [first, second, third] = [aVerdict('true'), aVerdict('unverifiable'), aVerdict('misleading')];
    const lineage = claimReviewOfClaim({ ...wmdClaim(), language: 'en-GB', verdicts: [first, second, third] }, settings)!;
    expect(lineage.correction).toEqual([
      { '@type': 'CorrectionComment', name: 'True', text: `Earlier rating: True (true 5/5), recorded ${first.at.slice(0, 10)}, replaced by Unverifiable: ${first.rationale}`, dateCreated: first.at, datePublished: second.at },
      { '@type': 'CorrectionComment', name: 'Unverifiable', text: `Earlier rating: Unverifiable (unverifiable), recorded ${second.at.slice(0, 10)}, replaced by Misleading: ${second.rationale}`, dateCreated: second.at, datePublished: third.at },
    ]);
    expect(lineage).toMatchObject({ datePublished: first.at, dateModified: third.at, reviewRating: { ratingValue: 2, alternateName: 'Misleading' } });
    expect(claimReviewOfClaim({ ...wmdClaim(), verdicts: [first] }, settings)).not.toHaveProperty('correction');
  });

  it.each([
    ['true', 5, 'True', 'صحيح'],
    ['mostly_true', 4, 'Mostly true', 'صحيح في معظمه'],
    ['mixed', 3, 'Mixed', 'مزيج'],
    ['misleading', 2, 'Misleading', 'مضلل'],
    ['false', 1, 'False', 'خاطئ'],
    ['unverifiable', undefined, 'Unverifiable', 'لا يمكن التحقق'],
  ] as const)('rates %s as %s, named "%s" (en) and "%s" (ar)', (verdict, value, english, arabic) => {
    const rating = (language: string) => claimReviewOfClaim({ ...wmdClaim(), language, verdicts: [aVerdict(verdict)] }, settings)!.reviewRating;
    for (const [language, name] of [['en', english], ['fr', english], ['ar', arabic], ['ar-EG', arabic]] as const) {
      const expected = { '@type': 'Rating', worstRating: 1, bestRating: 5, alternateName: name, ratingExplanation: expect.stringContaining(verdict) };
      expect(rating(language)).toEqual(value === undefined ? expected : { ...expected, ratingValue: value });
    }
  });

  it('leaves out what is unknown: no claimant, no claim date, no sources', () => {
    const review = claimReviewOfClaim({ ...wmdClaim(), claimant: null, claimedAt: null, verdicts: [aVerdict('mixed', { sources: [] })] }, settings)!;
    expect(review.itemReviewed).toEqual({ '@type': 'Claim', text: wmdClaim().quote, appearance: [{ '@type': 'CreativeWork', url: `https://newsroom.example/articles/${articleId}` }] });
    expect(review).not.toHaveProperty('citation');
  });

  it('a claim or fact-check without a verdict has no review; an article lists its reviewed claims only', () => {
    expect(claimReviewOfClaim({ ...wmdClaim(), verdicts: [] }, settings)).toBeNull();
    expect(claimReviewOfFactCheck(aFactCheck({ verdicts: [] }), settings)).toBeNull();
    const reviews = claimReviewsOfArticle([{ ...wmdClaim(), id: 'c1', verdicts: [] }, { ...wmdClaim(), id: 'c2' }], settings);
    expect(reviews.map((review) => review.url)).toEqual([`https://newsroom.example/articles/${articleId}#claim-c2`]);
  });

  it('maps a fact-check: its own url without fragment, every linked article once as an appearance', () => {
    const factCheck = aFactCheck();
    const review = claimReviewOfFactCheck(factCheck, settings)!;
    expect(review).toMatchObject({
      url: 'https://newsroom.example/fact-checks/9e2f6c4a-1111-4000-8000-0000000000fc',
      claimReviewed: factCheck.statement,
      inLanguage: 'en',
      datePublished: factCheck.verdicts[0].at,
      dateModified: factCheck.verdicts[1].at,
      itemReviewed: {
        '@type': 'Claim',
        text: factCheck.statement,
        author: { '@type': 'Person', name: 'Bush administration' },
        datePublished: '2003-03-17',
        appearance: [
          { '@type': 'CreativeWork', url: `https://newsroom.example/articles/${articleId}` },
          { '@type': 'CreativeWork', url: 'https://newsroom.example/articles/a2c4e6f8-2222-4000-8000-000000000002' },
        ],
      },
      reviewRating: { ratingValue: 1, alternateName: 'False' },
      correction: [{ '@type': 'CorrectionComment', name: 'Mostly true', datePublished: factCheck.verdicts[1].at }],
    });
    expect(claimReviewOfFactCheck(aFactCheck({ appearances: [] }), settings)!.itemReviewed).toMatchObject({ appearance: [] });
  });

  it('fills every {id} of the URL templates, escaped', () => {
    const review = claimReviewOfClaim({ ...wmdClaim(), articleId: 'a/b c', id: 'x#y' }, { ...settings, articleUrl: 'https://n.example/{id}?ref={id}' })!;
    expect(review.url).toBe('https://n.example/a%2Fb%20c?ref=a%2Fb%20c#claim-x%23y');
  });
});

// Tests locate the shared folder beside the repository root (../shared), as CI lays it out.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const vocabularyPath = join(repoRoot, '..', 'shared', 'schema-org', 'schemaorg-current-https.jsonld');
const haveVocabulary = existsSync(vocabularyPath);
if (!haveVocabulary) console.warn(`SKIPPED: ClaimReview validation against schema.org: ${vocabularyPath} is absent`);
const describeWithVocabulary = haveVocabulary ? describe : describe.skip;

interface Issue {
  issueMessage: string;
  severity: 'ERROR' | 'WARNING';
  path?: { type?: string; property?: string }[];
  fieldNames?: string[];
}

describeWithVocabulary('ClaimReview against the schema.org vocabulary (../shared/schema-org)', () => {
  const vocabulary = haveVocabulary ? (JSON.parse(readFileSync(vocabularyPath, 'utf8')) as { '@graph': { '@id': string }[] }) : { '@graph': [] };
  const validate = async (review: ClaimReviewDocument): Promise<Issue[]> =>
    (await new Validator(vocabulary).validate({ jsonld: { ClaimReview: [structuredClone(review)] }, microdata: {}, rdfa: {} })) as Issue[];
  beforeAll(async () => {
    // The validator imports its handlers concurrently on first use, which Jest's ESM loader can
    // race on ("request for '../utils.js' is not in cache"); loading them one by one first avoids it.
    const types = join(repoRoot, 'node_modules', '@adobe', 'structured-data-validator', 'src', 'types');
    for (const file of readdirSync(types).filter((name) => name.endsWith('.js')).sort()) await import(pathToFileURL(join(types, file)).href);
  });
  const defined = new Set(vocabulary['@graph'].map((entry) => entry['@id'].replace(/^schema:/, 'https://schema.org/')));

  const SCHEMA_ORG = 'https://schema.org';
  const documentLoader = async (url: string) => {
    if (url.replace(/\/$/, '') !== SCHEMA_ORG) throw new Error(`offline: refusing to load ${url}`);
    return { contextUrl: undefined, documentUrl: url, document: { '@context': { '@vocab': 'https://schema.org/' } } };
  };
  const expand = (doc: object) => jsonld.expand(doc as jsonld.JsonLdDocument, { documentLoader });

  /** Every property and type IRI of an expanded document, which must all be terms of the vocabulary. */
  const termsOf = (node: unknown, terms = new Set<string>()): Set<string> => {
    if (Array.isArray(node)) node.forEach((item) => termsOf(item, terms));
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '@type') (value as string[]).forEach((type) => terms.add(type));
        else if (!key.startsWith('@')) terms.add(key);
        termsOf(value, terms);
      }
    }
    return terms;
  };

  it('the demo’s WMD claim (mostly_true, then false; Arabic) validates with no errors or warnings', async () => {
    const review = claimReviewOfClaim(wmdClaim(), settings)!;
    expect(await validate(review)).toEqual([]);
    expect(review.correction).toEqual([expect.objectContaining({ name: 'صحيح في معظمه', text: expect.stringContaining('mostly_true') })]);
  });

  it('every verdict validates; unverifiable has exactly the one accepted error, its missing ratingValue', async () => {
    for (const verdict of VERDICTS) {
      const issues = await validate(claimReviewOfClaim({ ...wmdClaim(), verdicts: [aVerdict('true'), aVerdict(verdict)] }, settings)!);
      if (verdict !== 'unverifiable') expect(issues).toEqual([]);
      else {
        expect(issues).toHaveLength(1);
        expect(issues[0]).toMatchObject({ severity: 'ERROR', fieldNames: ['ratingValue'], path: [{ type: 'ClaimReview' }, { property: 'reviewRating', type: 'Rating' }] });
      }
    }
    expect(await validate(claimReviewOfFactCheck(aFactCheck(), settings)!)).toEqual([]);
  });

  it('the validator does catch what the contract forbids (a rating out of range, an unknown property)', async () => {
    const review = claimReviewOfClaim(wmdClaim(), settings)!;
    const broken = { ...review, reviewRating: { '@type': 'Rating', ratingValue: 6, worstRating: 1, bestRating: 5 }, claimRewieved: 'typo' } as unknown as ClaimReviewDocument;
    const issues = await validate(broken);
    expect(issues.map((issue) => issue.severity).sort()).toEqual(['ERROR', 'WARNING']);
  });

  it('expands offline with jsonld into schema.org terms only, for a claim and a fact-check', async () => {
    for (const review of [claimReviewOfClaim(wmdClaim(), settings)!, claimReviewOfFactCheck(aFactCheck(), settings)!]) {
      const expanded = await expand(review);
      expect(expanded).toHaveLength(1);
      expect(expanded[0]['@type']).toEqual(['https://schema.org/ClaimReview']);
      const terms = [...termsOf(expanded)];
      expect(terms).toEqual(expect.arrayContaining(['https://schema.org/itemReviewed', 'https://schema.org/reviewRating', 'https://schema.org/Claim']));
      expect(terms.filter((term) => !defined.has(term))).toEqual([]);
    }
    const reviews = claimReviewsOfArticle([wmdClaim(), { ...wmdClaim(), id: 'other' }], settings);
    expect(await expand(reviews)).toHaveLength(2);
    await expect(expand({ '@context': 'https://elsewhere.example/context.jsonld', name: 'x' })).rejects.toThrow();
  });
});
