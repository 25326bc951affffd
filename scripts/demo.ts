/**
 * `npm run demo`: walks the seed article through the whole editorial workflow against a running
 * service, through its HTTP API only, then prints the claim verification table and the dashboard.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveJwtSecret, signToken, type Principal } from '#auth';
import { runFactCheckSteps } from './demo/fact-check.js';
import { demoClaims, wmdDisproven, WMD_CLAIM_KEY, type DemoClaim, type DemoVerdict } from './demo/claims.js';
import { DemoFailure, NewsroomClient, type Schema } from './demo/client.js';
import { correctTheArticle } from './demo/correction.js';
import { readSeedArticle } from './demo/seed-article.js';
import { isolate, renderTable } from './demo/terminal.js';
import { englishTranslation } from './demo/translation.en.js';

type ClaimView = Schema<'ClaimListItemDto'>;
type Dashboard = Schema<'DashboardDto'>;

export interface DemoOptions {
  baseUrl: string;
  secret: string;
  out: { write(text: string): unknown };
  /** Terminal width for the claims table; default 100. */
  columns?: number;
}

export interface DemoResult {
  articleId: string;
  version: number;
  claims: ClaimView[];
  dashboard: Dashboard;
}

const users = {
  layla: { userId: 'layla', roles: ['editor'] },
  omar: { userId: 'omar', roles: ['fact_checker'] },
  sam: { userId: 'sam', roles: ['translator'] },
  nadia: { userId: 'nadia', roles: ['editor'] },
} satisfies Record<string, Principal>;

function codePointSlice(text: string, start: number, end: number): string {
  return [...text].slice(start, end).join('');
}

export async function runDemo({ baseUrl, secret, out, columns = 100 }: DemoOptions): Promise<DemoResult> {
  const say = (line = '') => out.write(`${line}\n`);
  const step = (who: string, what: string, outcome: string) => say(`  ${who.padEnd(6)} ${what}${outcome ? ` → ${outcome}` : ''}`);
  const api = new NewsroomClient(baseUrl);
  const token = (name: keyof typeof users) => signToken(users[name], secret);
  const runId = randomUUID();
  const key = (name: string) => `demo-${runId}-${name}`;
  const seed = readSeedArticle();

  const health = await api.get('/health');
  say(`Newsroom demo against ${baseUrl}: health ${health.body.status}, event store ${health.body.eventStore}, projection lag ${health.body.projections.lag}`);
  say();
  say(`The seed article: ${isolate(seed.title)}`);
  say(`by ${isolate(seed.byline)}, ${isolate(seed.source)}: ${[...seed.body].length} characters of Arabic, to be published with an English translation.`);
  say();

  const draft = {
    title: seed.title,
    body: seed.body,
    language: 'ar',
    byline: seed.byline,
    source: seed.source,
    targetLanguages: [englishTranslation.language],
  };
  const created = await api.post('/articles', {
    token: token('layla'),
    body: draft,
    idempotencyKey: key('draft'),
    expect: [201],
  });
  const articleId = created.body.id;
  if (created.headers.get('location') !== `/articles/${articleId}`) throw new DemoFailure(`POST /articles: Location ${created.headers.get('location')} is not /articles/${articleId}`);
  let version = created.body.version;
  if (version !== 1 || created.headers.get('etag') !== '"1"') throw new DemoFailure('POST /articles: a new article must be version 1 with ETag "1"');
  step('layla', 'drafts the article (editor)', `201, article ${articleId}, version ${version}`);

  const retried = await api.post('/articles', {
    token: token('layla'),
    body: draft,
    idempotencyKey: key('draft'),
    expect: [201],
  });
  if (retried.body.id !== articleId) throw new DemoFailure('Retrying POST /articles with the same Idempotency-Key created a second article');
  step('layla', 'retries the same request (same Idempotency-Key)', 'the same article, nothing written twice');

  const articlePath = `/articles/${articleId}`;
  const claimIds = new Map<string, string>();
  for (const claim of demoClaims) {
    if (!seed.body.includes(claim.quote)) throw new DemoFailure(`The quote of claim ${claim.key} does not occur in the seed article`);
    const response = await api.post('/articles/{id}/claims', {
      path: { id: articleId },
      token: token('omar'),
      body: { quote: claim.quote, ...(claim.claimant && { claimant: claim.claimant }), ...(claim.claimedAt && { claimedAt: claim.claimedAt }) },
      ifMatch: version,
      idempotencyKey: key(`claim-${claim.key}`),
      expect: [201],
    });
    const { claimId, start, end } = response.body;
    if (codePointSlice(seed.body, start, end) !== claim.quote) throw new DemoFailure(`Claim ${claim.key}: offsets ${start}–${end} do not slice the quote out of the body`);
    claimIds.set(claim.key, claimId);
    version = response.body.version;
  }
  step('omar', `anchors ${demoClaims.length} claims by exact quote (fact_checker)`, `201 each, offsets in code points, version ${version}`);

  const early = await api.refused('/articles/{id}/publish', {
    path: { id: articleId },
    token: token('layla'),
    body: {},
    ifMatch: version,
    idempotencyKey: key('publish-too-early'),
    expect: [409],
  });
  if (early.body.code !== 'not_ready') throw new DemoFailure(`Publishing too early answered 409 ${early.body.code}, expected not_ready`);
  const unmet = early.body.unmet ?? [];
  const pending = unmet.filter((unmet) => unmet.code === 'claim_pending').length;
  const missing = unmet.filter((unmet) => unmet.code === 'translation_missing').map((unmet) => unmet.language);
  step('layla', 'tries to publish', `409 not_ready: ${pending} claims pending, translation missing: ${missing.join(', ')}`);

  const recordVerdict = async (claim: DemoClaim, verdict: DemoVerdict, name: string) => {
    const response = await api.post('/articles/{id}/claims/{claimId}/verdicts', {
      path: { id: articleId, claimId: claimIds.get(claim.key)! },
      token: token('omar'),
      body: verdict,
      ifMatch: version,
      idempotencyKey: key(name),
      expect: [201],
    });
    version = response.body.version;
  };
  for (const claim of demoClaims) await recordVerdict(claim, claim.verdict, `verdict-${claim.key}`);
  step('omar', 'records a verdict with rationale and sources on each', `version ${version}`);
  step('', '(the WMD justification: mostly_true, as the evidence stood in March 2003)', '');

  const submitted = await api.post('/articles/{id}/translations', {
    path: { id: articleId },
    token: token('sam'),
    body: englishTranslation,
    ifMatch: version,
    idempotencyKey: key('translation-en'),
    expect: [201],
  });
  version = submitted.body.version;
  step('sam', 'submits the English translation (translator)', `201, version ${version}`);

  const approved = await api.post('/articles/{id}/translations/{translationId}/approve', {
    path: { id: articleId, translationId: submitted.body.translationId },
    token: token('nadia'),
    body: {},
    ifMatch: version,
    idempotencyKey: key('approve-en'),
  });
  version = approved.body.version;
  step('nadia', 'approves it: a second editor, four eyes', `version ${version}`);

  const published = await api.post('/articles/{id}/publish', {
    path: { id: articleId },
    token: token('layla'),
    body: {},
    ifMatch: version,
    idempotencyKey: key('publish'),
  });
  version = published.body.version;
  step('layla', 'publishes', `published at ${published.body.publishedAt}, version ${version}`);

  const wmdClaim = demoClaims.find((claim) => claim.key === WMD_CLAIM_KEY);
  if (!wmdClaim) throw new DemoFailure('The demo data has no WMD claim');
  await recordVerdict(wmdClaim, wmdDisproven, 'verdict-wmd-disproven');
  step('omar', 'records the Iraq Survey Group finding (2004): the WMD claim is false', `version ${version}`);

  const article = (await api.get('/articles/{id}', { path: { id: articleId }, token: token('layla') })).body;
  if (article.version !== version) throw new DemoFailure(`GET ${articlePath}: version ${article.version}, expected ${version} (read-your-writes)`);
  say();
  say(`Article ${articleId}: ${article.status}, version ${article.version}, correction needed: ${article.correctionNeeded ? 'yes' : 'no'}`);
  say(`  translations: ${article.translations.map((translation) => `${translation.language} ${translation.status}`).join(', ')}`);

  const claims = await listClaims(api, articleId, token('omar'));
  claims.sort((a, b) => a.start - b.start);
  const gloss = new Map(demoClaims.map((claim) => [claimIds.get(claim.key), claim.gloss]));
  // The English gloss column goes first when the terminal is too narrow for it and a readable quote.
  const withGloss = columns >= 90;
  const fixed = 2 + 2 + 19 + 9 + 3 * 2 + (withGloss ? 24 + 2 : 0);
  const quoteWidth = Math.max(20, Math.min(48, columns - fixed));
  const table = [
    { header: '#', width: 2, cell: (_: ClaimView, index: number) => String(index + 1) },
    { header: 'Quote', width: quoteWidth, cell: (claim: ClaimView) => claim.quote },
    ...(withGloss ? [{ header: 'Claim', width: 24, cell: (claim: ClaimView) => gloss.get(claim.id) ?? '' }] : []),
    { header: 'Verdicts', width: 19, cell: (claim: ClaimView) => claim.verdicts.map((verdict) => verdict.verdict).join(' → ') || claim.verdict },
    { header: 'Disproven', width: 9, cell: (claim: ClaimView) => (claim.laterDisproven ? 'yes' : 'no') },
  ];
  say();
  say(`Claim verification (GET /claims?articleId=${articleId})`);
  say();
  for (const line of renderTable(table, claims.map((claim, index) => table.map((column) => column.cell(claim, index))))) say(line);

  const wmd = claims.find((claim) => claim.id === claimIds.get(WMD_CLAIM_KEY));
  if (!wmd?.laterDisproven) throw new DemoFailure('The WMD claim is not reported as later disproven');
  const [believed, disproven] = wmd.verdicts.map((verdict) => Date.parse(verdict.at));
  const asOf = new Date(Math.floor((believed + disproven) / 2)).toISOString();
  const then = await api.get('/claims/{claimId}', { path: { claimId: wmd.id }, query: { asOf }, token: token('omar') });
  say();
  say(`Before the correction (GET /claims/{id}?asOf=${asOf}): the WMD claim stood at ${then.body.verdict}`);
  if (then.body.verdict !== 'mostly_true') throw new DemoFailure(`GET /claims/${wmd.id}?asOf=${asOf} answered ${then.body.verdict}, expected mostly_true`);

  const disprovenNow = await api.get('/claims', { query: { laterDisproven: true, limit: 100 }, token: token('layla') });
  if (!disprovenNow.body.items.some((claim) => claim.id === wmd.id)) throw new DemoFailure('GET /claims?laterDisproven=true does not list the WMD claim');
  ({ version } = await correctTheArticle({ api, token, key, step, say, articleId, version, body: seed.body, wmdClaimId: wmd.id }));

  const dashboard = (await api.get('/dashboard', { token: token('layla') })).body;
  say();
  say('Dashboard, the whole newsroom (GET /dashboard)');
  say();
  const counts = (entries: [string, number][]) => entries.map(([name, count]) => `${name} ${count}`).join(' · ');
  say(`  articles         ${counts(Object.entries(dashboard.articles))}`);
  say(`  claims           ${counts(Object.entries(dashboard.claims))}`);
  say(`  later disproven  ${dashboard.laterDisproven} · correction needed ${dashboard.correctionNeeded}`);
  await runFactCheckSteps({ api, editor: token('layla'), factChecker: token('omar'), articleId, wmdClaimId: wmd.id, key, say, step });
  say();
  say(`Done. Every step above is an event in the article's stream: GET ${articlePath}/history`);
  return { articleId, version, claims, dashboard };
}

async function listClaims(api: NewsroomClient, articleId: string, token: string): Promise<ClaimView[]> {
  const claims: ClaimView[] = [];
  let cursor: string | null = null;
  do {
    const page: Schema<'ClaimPageDto'> = (await api.get('/claims', { query: { articleId, limit: 100, ...(cursor && { cursor }) }, token })).body;
    claims.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return claims;
}

async function main(): Promise<void> {
  const baseUrl = process.env.NEWSROOM_URL ?? 'http://localhost:3000';
  try {
    // The same reading of the environment as the service and `npm run token`: blank means unset.
    const configured = process.env.JWT_SECRET?.trim() ? process.env.JWT_SECRET : undefined;
    const secret = resolveJwtSecret(resolve(process.env.DATA_DIR?.trim() || './data'), configured);
    await runDemo({ baseUrl, secret, out: process.stdout, columns: process.stdout.columns });
  } catch (error) {
    process.stderr.write(`\n✗ demo failed: ${error instanceof DemoFailure ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

