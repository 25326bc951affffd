/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { demoClaims, WMD_CLAIM_KEY, wmdDisproven } from '../scripts/demo/claims.js';
import { readSeedArticle } from '../scripts/demo/seed-article.js';
import { englishTranslation } from '../scripts/demo/translation.en.js';
import { startApp, users, type TestApp } from './support/app.js';
import { eventually, openBrowser, type Browser } from './support/browser.js';
import { listen } from './support/live-events.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const seed = readSeedArticle();
const WMD = demoClaims.find((claim) => claim.key === WMD_CLAIM_KEY)!;
/** Set BOARD_SCREENSHOTS=1 to write the README's screenshots into docs/. */
const screenshots = process.env.BOARD_SCREENSHOTS ? join(ROOT, 'docs') : null;
const bare = (bearer: string) => bearer.slice('Bearer '.length);

const visible = (locator: Locator) => locator.waitFor({ state: 'visible' });
const hidden = (locator: Locator) => locator.waitFor({ state: 'hidden' });
const hasText = (locator: Locator, text: string) => eventually(() => locator.textContent(), (value) => expect(value).toBe(text));
const containsText = (locator: Locator, text: string) => eventually(() => locator.textContent(), (value) => expect(value).toContain(text));
const hasTexts = (locator: Locator, texts: string[]) => eventually(() => locator.allTextContents(), (value) => expect(value).toEqual(texts));
const hasCount = (locator: Locator, count: number) => eventually(() => locator.count(), (value) => expect(value).toBe(count));
const focused = (locator: Locator) => eventually(() => locator.evaluate((element) => element === document.activeElement), (value) => expect(value).toBe(true));

describe('/board in a real browser, following the seed workflow live', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let articleId: string;
  const claimIds = new Map<string, string>();

  const call = async (method: string, path: string, token: string, body?: object) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json()) as Record<string, unknown>;
    return { status: res.status, body: json };
  };
  const command = async (method: string, path: string, token: string, body: object, status: number) => {
    const res = await call(method, path, token, body);
    if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    t = await startApp();
    baseUrl = await listen(t);
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('loads without a token, asks for one, and refuses a bad one on the page', async () => {
    const { page } = browser;
    const res = await page.goto(`${baseUrl}/board`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await visible(page.getByRole('heading', { name: 'Sign in' }));
    await hasText(page.locator('#connection'), 'Signed out');

    await page.getByLabel('Token (JWT)').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await containsText(page.getByRole('alert'), 'The service refused the token');
    await hidden(page.locator('#board'));
    // The refused token is the browser's one logged error (a failed request); nothing else went wrong.
    expect(browser.errors).toHaveLength(1);
    expect(browser.errors[0]).toContain('401');
    browser.errors.length = 0;
  }, 90_000);

  it('signs in with a token typed into the page and goes live', async () => {
    const { page } = browser;
    const token = bare(users.viewer());
    await page.getByLabel('Token (JWT)').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await hasText(page.locator('#connection'), 'Live');
    await hasText(page.locator('#who'), 'Signed in as vera-viewer (viewer)');
    await hasText(page.locator('[data-counters="articles"] tr[data-key="draft"] .count'), '0');
    expect(await page.evaluate(() => sessionStorage.getItem('newsroom.board.token'))).toBe(token);
    // Marks this document: had the page reloaded, the mark would be gone.
    await page.evaluate(() => ((window as unknown as { boardSession: string }).boardSession = 'first-load'));
  }, 90_000);

  it('shows each step of the workflow as it happens, without reloading', async () => {
    const { page } = browser;
    const count = (chart: string, key: string) => page.locator(`[data-counters="${chart}"] tr[data-key="${key}"] .count`);
    const editor = users.editor();
    const checker = users.factChecker();

    const drafted = await command('POST', '/articles', editor, { title: seed.title, body: seed.body, language: 'ar', byline: seed.byline, source: seed.source, targetLanguages: ['en'] }, 201);
    articleId = drafted.id as string;
    const inGroup = (status: string) => page.locator(`.status-group[data-status="${status}"] button[data-article-id="${articleId}"]`);
    await visible(inGroup('draft'));
    await hasText(inGroup('draft').locator('.title'), seed.title);
    await hasText(count('articles', 'draft'), '1');

    for (const claim of demoClaims) {
      const res = await command('POST', `/articles/${articleId}/claims`, checker, { quote: claim.quote, claimant: claim.claimant, claimedAt: claim.claimedAt }, 201);
      claimIds.set(claim.key, res.claimId as string);
    }
    await hasCount(page.locator('[data-list="pending"] li.claim'), demoClaims.length);
    await hasText(count('claims', 'pending'), String(demoClaims.length));

    for (const claim of demoClaims) await command('POST', `/articles/${articleId}/claims/${claimIds.get(claim.key)}/verdicts`, checker, claim.verdict, 201);
    await hasCount(page.locator('[data-list="pending"]'), 0);
    await hasText(count('claims', 'pending'), '0');
    await hasText(count('claims', 'mostly_true'), '2');

    const translation = await command('POST', `/articles/${articleId}/translations`, users.translator(), englishTranslation, 201);
    await command('POST', `/articles/${articleId}/translations/${translation.translationId}/approve`, users.secondEditor(), {}, 200);
    await visible(inGroup('ready'));
    await hasText(count('articles', 'ready'), '1');

    await command('POST', `/articles/${articleId}/publish`, editor, {}, 200);
    await visible(inGroup('published'));
    await hasText(page.locator('[data-flag="correctionNeeded"]'), '0');

    await command('POST', `/articles/${articleId}/claims/${claimIds.get(WMD_CLAIM_KEY)}/verdicts`, checker, wmdDisproven, 201);
    const disproven = page.locator(`[data-list="later-disproven"] li[data-claim-id="${claimIds.get(WMD_CLAIM_KEY)}"]`);
    await visible(disproven);
    await hasText(disproven.locator('.quote'), WMD.quote);
    await hasTexts(disproven.locator('.history .verdict'), ['Mostly true', 'False']);
    await visible(page.locator(`[data-list="correction-needed"] button[data-article-id="${articleId}"]`));
    await hasText(page.locator('[data-flag="laterDisproven"]'), '1');
    await hasText(page.locator('[data-flag="correctionNeeded"]'), '1');
    await hasText(count('claims', 'false'), '1');

    expect(await page.evaluate(() => (window as unknown as { boardSession?: string }).boardSession)).toBe('first-load');
    expect(browser.errors).toEqual([]);
  }, 120_000);

  it("a click on the article shows its claims, the WMD claim's quote marked at its code-point offsets in the Arabic body", async () => {
    const { page } = browser;
    await page.locator(`.status-group[data-status="published"] button[data-article-id="${articleId}"]`).click();
    await visible(page.locator('#article'));
    await focused(page.locator('#article-title'));
    await hasText(page.locator('#article-title'), seed.title);
    await hasCount(page.locator('#article-content .claims-list li.claim[data-claim-id]'), demoClaims.length);

    const claim = (await call('GET', `/claims/${claimIds.get(WMD_CLAIM_KEY)}`, users.viewer())).body as { start: number; end: number; quote: string };
    const shown = await page.evaluate((id) => {
      const body = document.querySelector('[data-article-body]') as HTMLElement;
      const marks = [...body.querySelectorAll(`mark[data-claim-ids~="${id}"]`)];
      const before = document.createRange();
      before.setStart(body, 0);
      before.setEndBefore(marks[0]);
      return {
        marked: marks.map((mark) => mark.textContent).join(''),
        start: [...before.toString()].length,
        text: body.textContent,
        direction: getComputedStyle(body).direction,
        dir: body.getAttribute('dir'),
        lang: body.getAttribute('lang'),
        verdictClass: marks[0].className,
      };
    }, claimIds.get(WMD_CLAIM_KEY)!);
    expect(shown.text).toBe(seed.body);
    expect(shown.marked).toBe(WMD.quote);
    expect(shown.start).toBe(claim.start);
    expect(shown.start + [...shown.marked].length).toBe(claim.end);
    expect(shown).toMatchObject({ direction: 'rtl', dir: 'auto', lang: 'ar', verdictClass: 'verdict-false' });
    expect(await page.locator('#article-title bdi, #article-title span[dir="auto"]').first().evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');

    // Numbers and dates in the article's language, through the browser's own Intl.
    const article = (await call('GET', `/articles/${articleId}`, users.viewer())).body as { publishedAt: string; version: number };
    const expected = await page.evaluate(
      ({ publishedAt, version, start, end }) => ({
        published: new Intl.DateTimeFormat('ar', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(publishedAt)),
        version: new Intl.NumberFormat('ar').format(version),
        offsets: `${new Intl.NumberFormat('ar').format(start)}–${new Intl.NumberFormat('ar').format(end)}`,
      }),
      { publishedAt: article.publishedAt, version: article.version, start: claim.start, end: claim.end },
    );
    await containsText(page.locator('.article-meta'), `published ${expected.published}`);
    await containsText(page.locator('.article-meta'), `v${expected.version}`);
    await hasText(page.locator(`#article-content li[data-claim-id="${claimIds.get(WMD_CLAIM_KEY)}"] .offsets`), expected.offsets);

    // The README's screenshot: the board right after the demo, the WMD claim disproven.
    if (screenshots) await page.screenshot({ path: join(screenshots, 'board.png'), fullPage: true });

    // The open article follows the live stream too.
    await command('POST', `/articles/${articleId}/claims/${claimIds.get(WMD_CLAIM_KEY)}/verdicts`, users.factChecker(), { verdict: 'misleading', rationale: 'Reconsidered.' }, 201);
    await hasTexts(page.locator(`#article-content li[data-claim-id="${claimIds.get(WMD_CLAIM_KEY)}"] .history .verdict`), ['Mostly true', 'False', 'Misleading']);
    await command('POST', `/articles/${articleId}/claims/${claimIds.get(WMD_CLAIM_KEY)}/verdicts`, users.factChecker(), wmdDisproven, 201);
    await hasCount(page.locator(`#article-content li[data-claim-id="${claimIds.get(WMD_CLAIM_KEY)}"] .history .verdict`), 4);
    expect(browser.errors).toEqual([]);
  }, 90_000);

  it('keyboard navigation reaches every control', async () => {
    const { page } = browser;
    const controls = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, input, a[href], [tabindex]:not([tabindex="-1"])')]
        .filter((element) => element.offsetParent !== null || element === document.activeElement)
        .map((element) => element.dataset.focusKey || element.id || element.textContent),
    );
    expect(controls).toEqual(expect.arrayContaining(['sign-out', `status-${articleId}`, `correction-${articleId}`, `claim-${claimIds.get(WMD_CLAIM_KEY)}`, 'close-article']));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached = new Set<string>();
    for (let press = 0; press < controls.length + 5; press++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        return element && element !== document.body ? (element.dataset.focusKey || element.id || element.textContent) : null;
      });
      if (focused) reached.add(focused);
    }
    expect(controls.filter((control) => !reached.has(control!))).toEqual([]);

    // Enter on a focused article button opens it; Escape closes it and gives the focus back.
    await page.locator(`[data-focus-key="correction-${articleId}"]`).focus();
    await page.keyboard.press('Enter');
    await focused(page.locator('#article-title'));
    await page.keyboard.press('Escape');
    await hidden(page.locator('#article'));
    await focused(page.locator(`[data-focus-key="correction-${articleId}"]`));
  }, 90_000);

  it('works at 360 px: one column, nothing wider than the screen; screenshots for the README', async () => {
    const { page } = browser;
    await page.locator(`.status-group[data-status="published"] button[data-article-id="${articleId}"]`).click();
    await visible(page.locator('#article-content mark').first());

    await page.setViewportSize({ width: 360, height: 780 });
    await visible(page.locator('#article-title'));
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      panels: [...document.querySelectorAll<HTMLElement>('.panel:not([hidden])')].map((panel) => panel.getBoundingClientRect()),
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(360);
    for (const panel of layout.panels) {
      expect(panel.left).toBeGreaterThanOrEqual(0);
      expect(panel.right).toBeLessThanOrEqual(360);
    }
    // One column: the panels sit one under another.
    const lefts = new Set(layout.panels.map((panel) => Math.round(panel.left)));
    expect(lefts.size).toBe(1);
    if (screenshots) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await page.screenshot({ path: join(screenshots, 'board-360.png') });
    }
    if (screenshots) {
      await page.locator('#article-title').evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await page.screenshot({ path: join(screenshots, 'board-360-article.png') });
    }
    await page.setViewportSize({ width: 1400, height: 1000 });
    expect(browser.errors).toEqual([]);
  }, 90_000);

  it('marks quotes at code-point offsets after emoji and flags (astral characters), in mixed Arabic and English text', async () => {
    const { page } = browser;
    const body = 'بيان 🇮🇶🎉 من بغداد: "US forces will leave 🪖 by December" وقال المتحدث إن القوات ستغادر 👍 العراق قبل نهاية العام.';
    const quote = 'القوات ستغادر 👍 العراق';
    const drafted = await command('POST', '/articles', users.editor(), { title: 'بيان 🇮🇶 US withdrawal', body, language: 'ar' }, 201);
    const anchored = await command('POST', `/articles/${drafted.id}/claims`, users.factChecker(), { quote }, 201);
    const button = page.locator(`.status-group[data-status="draft"] button[data-article-id="${drafted.id}"]`);
    await visible(button);
    await button.click();
    await hasText(page.locator('#article-title'), 'بيان 🇮🇶 US withdrawal');
    const mark = page.locator(`#article-content mark[data-claim-ids~="${anchored.claimId}"]`);
    await visible(mark);
    const shown = await mark.evaluate((element) => {
      const before = document.createRange();
      before.setStart(element.closest('[data-article-body]')!, 0);
      before.setEndBefore(element);
      return { marked: element.textContent, codePoints: [...before.toString()].length, utf16: before.toString().length };
    });
    expect(shown.marked).toBe(quote);
    expect(shown.codePoints).toBe(anchored.start);
    // The emoji before the quote count once each as code points, twice as UTF-16 units: the offsets are not UTF-16.
    expect(shown.utf16).toBeGreaterThan(anchored.start as number);
    await page.locator('#close-article').click();
    await hidden(page.locator('#article'));
    expect(browser.errors).toEqual([]);
  }, 90_000);

  it('moves an article through a correction and a retraction, showing the correcting and retracted statuses', async () => {
    const { page } = browser;
    const count = (key: string) => page.locator(`[data-counters="articles"] tr[data-key="${key}"] .count`);
    const drafted = await command('POST', '/articles', users.editor(), { title: 'A story to correct', body: 'Nothing here needs checking.', language: 'en' }, 201);
    const inGroup = (status: string) => page.locator(`.status-group[data-status="${status}"] button[data-article-id="${drafted.id}"]`);
    await command('POST', `/articles/${drafted.id}/publish`, users.editor(), {}, 200);
    await visible(inGroup('published'));
    const { correctionId } = await command('POST', `/articles/${drafted.id}/corrections`, users.editor(), { reason: 'A typo' }, 201);
    await visible(inGroup('correcting'));
    await hasText(count('correcting'), '1');
    await inGroup('correcting').click();
    await hasText(page.locator('#article [data-article-status="correcting"]'), 'Correcting');
    await command('POST', `/articles/${drafted.id}/corrections/${correctionId}/publish`, users.editor(), { note: 'Fixed a typo.' }, 200);
    await visible(inGroup('published'));
    await visible(page.locator('#article [data-fact="corrected"]'));
    await command('POST', `/articles/${drafted.id}/retract`, users.editor(), { reason: 'Withdrawn' }, 200);
    await visible(inGroup('retracted'));
    await hasText(count('retracted'), '1');
    await hasText(page.locator('#article [data-article-status="retracted"]'), 'Retracted');
    await visible(page.locator('#article [data-fact="retracted"]'));
    await page.locator('#close-article').click();
    await hidden(page.locator('#article'));
    expect(browser.errors).toEqual([]);
  }, 90_000);

  it('signs in directly with /board#token=, keeps the token out of the address bar, and signs out', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/board#token=${bare(users.editor())}`);
    await hasText(page.locator('#connection'), 'Live');
    await hasText(page.locator('#who'), 'Signed in as edith-editor (editor)');
    expect(new URL(page.url()).hash).toBe('');
    await hasText(page.locator('[data-flag="laterDisproven"]'), '1');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await visible(page.getByRole('heading', { name: 'Sign in' }));
    expect(await page.evaluate(() => sessionStorage.getItem('newsroom.board.token'))).toBeNull();
    await page.close();
    expect(browser.errors).toEqual([]);
  }, 90_000);

  it('rides out a restart of the service: reconnects, resumes, and shows what changed meanwhile', async () => {
    const { page } = browser;
    await hasText(page.locator('#connection'), 'Live');
    const { port } = new URL(baseUrl);
    await t.close({ keepData: true });
    await eventually(() => page.locator('#connection').getAttribute('data-state'), (state) => expect(state).toBe('reconnecting'));

    t = await startApp({ dataDir: t.dataDir });
    await t.app.listen(Number(port), '127.0.0.1');
    const drafted = await command('POST', '/articles', users.editor(), { title: 'After the restart', body: 'Written while the board was away.', language: 'en' }, 201);
    await hasText(page.locator('#connection'), 'Live');
    // Nothing to check and no translation awaited: ready at once.
    await visible(page.locator(`.status-group[data-status="ready"] button[data-article-id="${drafted.id}"]`));
    const again = await command('POST', '/articles', users.editor(), { title: 'And one more', body: 'Written once it was back.', language: 'en' }, 201);
    await visible(page.locator(`.status-group[data-status="ready"] button[data-article-id="${again.id}"]`));
    expect(await page.evaluate(() => (window as unknown as { boardSession?: string }).boardSession)).toBe('first-load');
    // While the service was down the page's reconnection attempts failed as network errors; nothing else was logged.
    expect(browser.errors.filter((error) => !/ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_RESET|Failed to fetch/.test(error))).toEqual([]);
  }, 120_000);
});
