// Fact-check benchmarks: a verdict's propagation to 1,000 appearances (events/s, and the time until
// its 201) against the same number of plain verdicts through the same pipeline; and q= search
// latency over 100,000 claims against an indexed equality lookup of the same page size.
// Results are {"name","value","unit","baseline","ratio"} with ratio = value / baseline: for
// events/s higher is better, for latencies (ms) lower is better.
import { randomUUID } from 'node:crypto';
import {
  articleStreamId,
  decide,
  decideFactCheck,
  factCheckStreamId,
  type ArticleCommand,
  type ArticleEvent,
  type ArticleState,
  type FactCheckCommand,
  type FactCheckEvent,
  type FactCheckState,
  evolve,
  evolveFactCheck,
} from '#editorial';
import { openSqliteEventStore, type EventToAppend, type SqliteEventStore } from '#event-store';
import { generateArticle, openReadModelDatabase, ReadModelQueries, readModelsPath, rebuildReadModels } from '#read-models';
import { signToken } from '#auth';
import { createApp } from '../apps/api/src/app.factory.js';
import { articleAggregate } from '../apps/api/src/articles/article.aggregate.js';
import { CommandWriter, WriteCommand } from '../apps/api/src/commands/command-writer.js';
import { FactCheckProcessManager } from '../apps/api/src/fact-checks/fact-check-process-manager.js';
import { benchResult, timed, withTempDir, type BenchModule, type BenchResult } from './support.js';

const APPEARANCES = 1_000;
const CONCURRENCY = 64;
const SEARCH_ARTICLES = 20_000;
const SEARCH_RUNS = 1_000;
const SECRET = 'bench-fact-checks-secret-0123456789abcdef';
const QUOTE = 'العراق يمتلك أسلحة دمار شامل';

const now = () => new Date();
const deps = { now, newId: randomUUID };
const stored = (events: { type: string; data: unknown; metadata: object }[]): EventToAppend[] => events.map((event) => ({ id: randomUUID(), type: event.type, data: event.data, metadata: { ...event.metadata } }));

/** Articles with one claim each, written straight to the store through the domain's decide. */
async function seedArticles(store: SqliteEventStore, count: number): Promise<{ articleId: string; claimId: string; state: ArticleState }[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const articleId = randomUUID();
      let state: ArticleState | null = null;
      const events: ArticleEvent[] = [];
      for (const command of [
        { type: 'DraftArticle', data: { articleId, title: `مقال ${n}`, body: `تقرير ${n}: قيل إن ${QUOTE}.`, language: 'ar' }, userId: 'editor' },
        { type: 'IdentifyClaim', data: { articleId, quote: QUOTE }, userId: 'checker' },
      ] as ArticleCommand[]) {
        for (const event of decide(command, state, deps)) {
          events.push(event);
          state = evolve(state, event);
        }
      }
      await store.appendToStream(articleStreamId(articleId), stored(events), 'no_stream');
      return { articleId, claimId: state!.claims[0].claimId, state: state! };
    }),
  );
}

/** A fact-check with every seeded claim linked to it, as the three-step link flow leaves them. */
async function seedLinkedFactCheck(store: SqliteEventStore, appearances: { articleId: string; claimId: string; state: ArticleState }[]): Promise<string> {
  const factCheckId = randomUUID();
  let factCheck: FactCheckState | null = null;
  const events: FactCheckEvent[] = [];
  const apply = (command: FactCheckCommand) => {
    for (const event of decideFactCheck(command, factCheck, deps)) {
      events.push(event);
      factCheck = evolveFactCheck(factCheck, event);
    }
  };
  apply({ type: 'CreateFactCheck', data: { factCheckId, statement: QUOTE, language: 'ar' }, userId: 'checker' });
  for (const { articleId, claimId } of appearances) apply({ type: 'LinkFactCheckAppearance', data: { factCheckId, articleId, claimId }, userId: 'checker' });
  await store.appendToStream(factCheckStreamId(factCheckId), stored(events), 'no_stream');
  await Promise.all(
    appearances.map(({ articleId, claimId, state }) =>
      store.appendToStream(
        articleStreamId(articleId),
        stored(decide({ type: 'LinkClaimToFactCheck', data: { articleId, claimId, factCheckId, verdicts: [] }, userId: 'checker' }, state, deps)),
        BigInt(state.version - 1),
      ),
    ),
  );
  return factCheckId;
}

async function pool<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

async function propagation(dir: string): Promise<BenchResult[]> {
  const store = openSqliteEventStore({ dataDir: dir });
  const linked = await seedArticles(store, APPEARANCES);
  const plain = await seedArticles(store, APPEARANCES);
  const factCheckId = await seedLinkedFactCheck(store, linked);
  await store.close();

  const app = await createApp(
    { port: 0, dataDir: dir, jwtSecret: SECRET, eventStore: { kind: 'sqlite' }, corsOrigins: [], logLevel: 'error', readYourWritesTimeoutMs: 60_000 },
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  try {
    const { port } = app.getHttpServer().address() as { port: number };
    const writer = app.get(CommandWriter);
    const processManager = app.get(FactCheckProcessManager);
    // The process manager first follows up the seeded links (each answers nothing): wait for it.
    const seeded = openSqliteEventStore({ dataDir: dir });
    const head = (await seeded.headPosition())!;
    await seeded.close();
    await processManager.waitPast({ verdictId: 'seed', position: head }, 600_000);

    const plainSeconds = await timed(() =>
      pool(plain, ({ articleId, claimId }) =>
        writer.execute(
          new WriteCommand(articleAggregate, articleId, { type: 'RecordVerdict', data: { articleId, claimId, verdict: 'false', rationale: 'لم يُعثر على أسلحة' }, userId: 'checker' }, { userId: 'checker', expected: undefined }),
        ),
      ),
    );
    let answered: { appearances: number } | undefined;
    const propagationSeconds = await timed(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/fact-checks/${factCheckId}/verdicts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${signToken({ userId: 'checker', roles: ['fact_checker'] }, SECRET)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ verdict: 'false', rationale: 'لم يُعثر على أسلحة' }),
      });
      answered = (await response.json()) as { appearances: number };
      if (response.status !== 201) throw new Error(`verdict answered ${response.status}: ${JSON.stringify(answered)}`);
    });
    if (answered?.appearances !== APPEARANCES) throw new Error(`the verdict reached ${answered?.appearances} appearances, not ${APPEARANCES}`);
    return [
      benchResult(`fact-checks.propagation-${APPEARANCES}-appearances`, APPEARANCES / propagationSeconds, 'events/s', APPEARANCES / plainSeconds),
      {
        name: `fact-checks.verdict-201-after-${APPEARANCES}-appearances`,
        value: Number((propagationSeconds * 1000).toFixed(1)),
        unit: 'ms',
        baseline: Number((plainSeconds * 1000).toFixed(1)),
        ratio: Number((propagationSeconds / plainSeconds).toPrecision(3)),
      },
    ];
  } finally {
    await app.close();
  }
}

async function search(dir: string): Promise<BenchResult[]> {
  const store = openSqliteEventStore({ dataDir: dir });
  const db = openReadModelDatabase(readModelsPath(dir));
  try {
    for (let index = 0; index < SEARCH_ARTICLES; index += 250) {
      const articles = Array.from({ length: Math.min(250, SEARCH_ARTICLES - index) }, (_, offset) => generateArticle(index + offset, { claimsPerArticle: 5 }));
      await Promise.all(articles.map((article) => store.appendToStream(article.streamId, article.events, 'no_stream')));
    }
    await rebuildReadModels(store, db);
    const claims = db.prepare('SELECT count(*) FROM claims').pluck().get() as number;
    const queries = new ReadModelQueries(db);
    // Typed without the stored text's tashkeel; each matches a fifth of the claims, all ranked.
    const words = ['مهمتها القتالية', 'تدريب الجيش', 'الولايات المتحده', 'نهايه العام'];
    const verdicts = ['true', 'false', 'mostly_true', 'mixed'] as const;
    const sample = (run: (iteration: number) => unknown) => {
      for (let iteration = 0; iteration < 20; iteration += 1) run(iteration);
      const times: number[] = [];
      for (let iteration = 0; iteration < SEARCH_RUNS; iteration += 1) {
        const started = process.hrtime.bigint();
        run(iteration);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)];
    };
    const found = queries.listClaims({ q: words[0], limit: 20 }).items.length;
    if (found !== 20) throw new Error(`q= found ${found} claims`);
    const ours = sample((iteration) => queries.listClaims({ q: words[iteration % words.length], limit: 20 }));
    const equality = sample((iteration) => queries.listClaims({ verdict: verdicts[iteration % verdicts.length], limit: 20 }));
    return [
      {
        name: `fact-checks.claims-q-search-${claims}-claims.median`,
        value: Number(ours.toFixed(4)),
        unit: 'ms',
        baseline: Number(equality.toFixed(4)),
        ratio: Number((ours / equality).toPrecision(3)),
      },
    ];
  } finally {
    db.close();
    await store.close();
  }
}

export const factCheckBenchmarks: BenchModule = {
  name: 'fact-checks',
  run: async () => [...(await withTempDir('bench-fact-checks-', propagation)), ...(await withTempDir('bench-search-', search))],
};
