import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  articleStreamId,
  decide,
  decideFactCheck,
  factCheckStreamId,
  foldArticle,
  foldFactCheck,
  type ArticleEvent,
  type FactCheckEvent,
  type FactCheckVerdictRecorded,
} from '#editorial';
import { openSqliteEventStore, type RecordedEvent, type SqliteEventStore } from '#event-store';
import { TEST_SECRET, users } from './support/app.js';
import { builtServices, callService as call, killHard, type ServiceReply } from './support/built-service.js';

const WMD = 'العراق يمتلك أسلحة دمار شامل';
const APPEARANCES = 50;
const PUBLISHED = 10;

async function expectStatus(result: Promise<ServiceReply>, status: number): Promise<ServiceReply['body']> {
  const { status: actual, body } = await result;
  if (actual !== status) throw new Error(`expected ${status}, got ${actual}: ${JSON.stringify(body)}`);
  return body;
}

const domainEvents = <Event>(events: RecordedEvent[]) => events.map(({ type, data, metadata }) => ({ type, data, metadata }) as Event);

/** How many times each linked claim recorded the fact-check verdict with this cause, read from the article streams themselves. */
async function recordings(store: SqliteEventStore, appearances: { articleId: string; claimId: string }[], verdictId: string): Promise<number[]> {
  return Promise.all(
    appearances.map(async ({ articleId, claimId }) => {
      const events = await store.readStream(articleStreamId(articleId));
      return events.filter((event) => {
        const data = event.data as { claimId?: string; causationId?: string; verdicts?: { causationId: string }[] };
        if (data.claimId !== claimId) return false;
        if (event.type === 'VerdictRecorded') return data.causationId === verdictId;
        return event.type === 'ClaimLinkedToFactCheck' && (data.verdicts ?? []).some((verdict) => verdict.causationId === verdictId);
      }).length;
    }),
  );
}

/** Bounded wait for the restarted service's process manager; generous, so a loaded machine only makes it slower. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the built service killed (SIGKILL) in the middle of a fact-check verdict’s propagation', () => {
  const services = builtServices();
  const dataDir = services.dataDir();
  const env = { DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET };
  const start = () => services.start(env);

  it('finishes the propagation on restart, and no claim records the verdict twice', async () => {
    const first = await start();
    const factCheckId = (await expectStatus(call(first, 'POST', '/fact-checks', users.factChecker(), { body: { statement: WMD, language: 'ar' } }), 201)).id!;
    await expectStatus(call(first, 'POST', `/fact-checks/${factCheckId}/verdicts`, users.factChecker(), { body: { verdict: 'mostly_true', rationale: 'تقارير الاستخبارات' } }), 201);
    const appearances: { articleId: string; claimId: string }[] = [];
    for (let n = 0; n < APPEARANCES; n++) {
      const articleId = (await expectStatus(call(first, 'POST', '/articles', users.editor(), { body: { title: `مقال ${n}`, body: `تقرير ${n}: قيل إن ${WMD}.`, language: 'ar' } }), 201)).id!;
      const claimId = (await expectStatus(call(first, 'POST', `/articles/${articleId}/claims`, users.factChecker(), { body: { quote: WMD } }), 201)).claimId!;
      await expectStatus(call(first, 'POST', `/articles/${articleId}/claims/${claimId}/fact-check`, users.factChecker(), { body: { factCheckId } }), 200);
      if (n < PUBLISHED) await expectStatus(call(first, 'POST', `/articles/${articleId}/publish`, users.editor(), { body: {} }), 200);
      appearances.push({ articleId, claimId });
    }
    await killHard(first);

    // The crash, exactly: the fact-check's verdict is stored and only 20 of the 50 claims recorded it.
    const store = openSqliteEventStore({ dataDir, pollIntervalMs: 20 });
    const streamOf = (id: string) => store.readStream(id).then(domainEvents);
    const before = foldFactCheck(await streamOf(factCheckStreamId(factCheckId)) as FactCheckEvent[]);
    const [verdict] = decideFactCheck(
      { type: 'RecordFactCheckVerdict', data: { factCheckId, verdict: 'false', rationale: 'لم يُعثر على أي أسلحة' }, userId: 'farah-checker' },
      before,
      { now: () => new Date(), newId: randomUUID },
    ) as [FactCheckVerdictRecorded];
    await store.appendToStream(factCheckStreamId(factCheckId), [{ id: randomUUID(), ...verdict, metadata: { ...verdict.metadata } }], BigInt(before!.version - 1));
    for (const { articleId, claimId } of appearances.slice(0, 20)) {
      const history = await streamOf(articleStreamId(articleId));
      const events = decide(
        { type: 'RecordFactCheckVerdictOnClaim', data: { articleId, claimId, factCheckId, causationId: verdict.data.verdictId, verdict: 'false', rationale: verdict.data.rationale }, userId: 'farah-checker' },
        foldArticle(history as ArticleEvent[]),
        { now: () => new Date(), newId: randomUUID },
      );
      await store.appendToStream(articleStreamId(articleId), events.map((event) => ({ id: randomUUID(), ...event, metadata: { ...event.metadata } })), BigInt(history.length - 1));
    }
    expect((await recordings(store, appearances, verdict.data.verdictId)).filter((count) => count === 1)).toHaveLength(20);

    const second = await start();
    await eventually(async () => (await recordings(store, appearances, verdict.data.verdictId)).every((count) => count >= 1), 'every claim to record the verdict');
    expect(await recordings(store, appearances, verdict.data.verdictId)).toEqual(appearances.map(() => 1));
    await eventually(async () => {
      const impact = await call(second, 'GET', `/fact-checks/${factCheckId}/impact`, users.viewer());
      return (impact.body.items as { correctionNeeded: boolean }[]).filter((item) => item.correctionNeeded).length === PUBLISHED;
    }, 'the read models to show the published articles needing a correction');
    const impact = (await call(second, 'GET', `/fact-checks/${factCheckId}/impact`, users.viewer())).body.items as { articleId: string; correctionNeeded: boolean }[];
    expect(impact.slice(0, PUBLISHED).map((item) => item.articleId).sort()).toEqual(appearances.slice(0, PUBLISHED).map((a) => a.articleId).sort());

    // And a real kill: SIGKILL as soon as the next verdict is in the log, whatever the process manager got done.
    const answered = call(second, 'POST', `/fact-checks/${factCheckId}/verdicts`, users.factChecker(), { body: { verdict: 'misleading', rationale: 'مراجعة' } }).catch(() => undefined);
    let next: FactCheckVerdictRecorded | undefined;
    await eventually(async () => {
      const events = (await streamOf(factCheckStreamId(factCheckId))) as FactCheckEvent[];
      next = events.filter((event): event is FactCheckVerdictRecorded => event.type === 'FactCheckVerdictRecorded').find((event) => event.data.verdict === 'misleading');
      return next !== undefined;
    }, 'the next verdict in the log', 30_000);
    await killHard(second);
    await answered;

    await start();
    await eventually(async () => (await recordings(store, appearances, next!.data.verdictId)).every((count) => count >= 1), 'every claim to record the verdict after the kill');
    expect(await recordings(store, appearances, next!.data.verdictId)).toEqual(appearances.map(() => 1));
    expect(await recordings(store, appearances, verdict.data.verdictId)).toEqual(appearances.map(() => 1));
    await store.close();
  }, 240_000);
});
