// Read-model benchmark: rebuild speed from ≥ 200,000 events and query latency over 100,000 claims.
// Results are {"name","value","unit","baseline","ratio"} with ratio = value / baseline: for
// events/s higher is better, for latencies (ms) lower is better.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openSqliteEventStore, type SqliteEventStore } from '#event-store';
import { CLAIM_VERDICT_FILTERS } from '#editorial';
import {
  generateArticle,
  openReadModelDatabase,
  READ_MODEL_TABLES,
  readModelsPath,
  ReadModelQueries,
  rebuildReadModels,
  type ReadModelDatabase,
} from '#read-models';
import { benchResult, timed, withTempDir, type BenchModule, type BenchResult } from './support.js';

const ARTICLES = 20_000;
const CLAIMS_PER_ARTICLE = 5;
const QUERY_RUNS = 2_000;
const QUERY_BUDGET_MS = 10_000;

const round = (value: number) => Number(value.toFixed(4));
const latencyResult = (name: string, value: number, baseline: number): BenchResult => ({
  name,
  value: round(value),
  unit: 'ms',
  baseline: round(baseline),
  ratio: Number((value / baseline).toPrecision(3)),
});

async function fillStore(store: SqliteEventStore): Promise<number> {
  let events = 0;
  for (let index = 0; index < ARTICLES; index += 250) {
    const articles = Array.from({ length: Math.min(250, ARTICLES - index) }, (_, offset) =>
      generateArticle(index + offset, { claimsPerArticle: CLAIMS_PER_ARTICLE }),
    );
    await Promise.all(articles.map((article) => store.appendToStream(article.streamId, article.events, 'no_stream')));
    events += articles.reduce((sum, article) => sum + article.events.length, 0);
  }
  return events;
}

/** Rows in the order the rebuild produced them, so both sides insert into the B-trees alike. */
const ARRIVAL_ORDER: Record<(typeof READ_MODEL_TABLES)[number], string> = {
  articles: 'seq',
  claims: 'seq',
  claim_history: 'seq, claim_id',
  article_history: 'at, version',
  dashboard_counters: 'name',
  projection_checkpoint: 'id',
};

/**
 * The plainest way to write the very rows the rebuild wrote: one INSERT per row, big
 * transactions, same pragmas as the rebuild's bulk phase (WAL, synchronous=NORMAL, 64 MiB cache).
 */
function rawInsertSeconds(source: ReadModelDatabase, dir: string): Promise<number> {
  const target = new Database(join(dir, 'raw.sqlite'));
  target.pragma('journal_mode = WAL');
  target.pragma('synchronous = NORMAL');
  target.pragma('cache_size = -65536');
  const tables = READ_MODEL_TABLES.map((table) => {
    const sql = source.prepare<[string], { sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table)!.sql;
    const rows = source.prepare(`SELECT * FROM ${table} ORDER BY ${ARRIVAL_ORDER[table]}`).raw().all() as unknown[][];
    return { table, sql, rows };
  });
  const seconds = timed(() => {
    for (const { table, sql, rows } of tables) {
      target.exec(sql);
      if (rows.length === 0) continue;
      const insert = target.prepare(`INSERT INTO ${table} VALUES (${rows[0].map(() => '?').join(', ')})`);
      const insertMany = target.transaction((batch: unknown[][]) => {
        for (const row of batch) insert.run(...row);
      });
      for (let index = 0; index < rows.length; index += 10_000) insertMany(rows.slice(index, index + 10_000));
    }
  });
  return seconds.finally(() => target.close());
}

interface Latencies {
  median: number;
  p99: number;
}

/**
 * Ours and the baseline take turns call by call (which goes first alternates), so both meet the
 * same neighbours' load: up to QUERY_RUNS pairs after a warm-up, fewer past QUERY_BUDGET_MS.
 */
function pairedLatencies(ours: (iteration: number) => unknown, raw: (iteration: number) => unknown): { ours: Latencies; raw: Latencies } {
  for (let iteration = 0; iteration < 20; iteration += 1) {
    ours(iteration);
    raw(iteration);
  }
  const samples = { ours: [] as number[], raw: [] as number[] };
  const time = (run: (iteration: number) => unknown, iteration: number, into: number[]) => {
    const started = process.hrtime.bigint();
    run(iteration);
    into.push(Number(process.hrtime.bigint() - started) / 1e6);
  };
  const deadline = performance.now() + QUERY_BUDGET_MS;
  for (let iteration = 0; iteration < QUERY_RUNS && (iteration < 100 || performance.now() < deadline); iteration += 1) {
    if (iteration % 2 === 0) {
      time(ours, iteration, samples.ours);
      time(raw, iteration, samples.raw);
    } else {
      time(raw, iteration, samples.raw);
      time(ours, iteration, samples.ours);
    }
  }
  const summary = (values: number[]): Latencies => {
    values.sort((a, b) => a - b);
    return { median: values[Math.floor(values.length / 2)], p99: values[Math.floor(values.length * 0.99)] };
  };
  return { ours: summary(samples.ours), raw: summary(samples.raw) };
}

async function runReadModelBenchmarks(dir: string): Promise<BenchResult[]> {
  const store = openSqliteEventStore({ dataDir: dir });
  const db = openReadModelDatabase(readModelsPath(dir));
  try {
    const events = await fillStore(store);

    const rebuildSeconds = await timed(async () => {
      await rebuildReadModels(store, db, { pageSize: 5000 });
    });
    const rawSeconds = await rawInsertSeconds(db, dir);
    const results = [benchResult(`read-models.rebuild-${events}-events`, events / rebuildSeconds, 'events/s', events / rawSeconds)];

    const claims = db.prepare('SELECT count(*) FROM claims').pluck().get() as number;
    if (claims < 100_000) throw new Error(`only ${claims} claims`);
    const queries = new ReadModelQueries(db);
    const verdicts = CLAIM_VERDICT_FILTERS;
    const rawByVerdict = db.prepare(
      `SELECT c.*, a.title FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.verdict = ? ORDER BY c.seq DESC LIMIT 21`,
    );
    const rawPending = db.prepare(
      `SELECT c.*, a.title FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.verdict = 'pending' AND c.status = 'active' ORDER BY c.seq DESC LIMIT 21`,
    );
    const byVerdict = pairedLatencies(
      (iteration) => queries.listClaims({ verdict: verdicts[iteration % verdicts.length], limit: 20 }),
      (iteration) => {
        const verdict = verdicts[iteration % verdicts.length];
        return verdict === 'pending' ? rawPending.all() : rawByVerdict.all(verdict);
      },
    );
    results.push(
      latencyResult(`read-models.claims-by-verdict-${claims}-claims.median`, byVerdict.ours.median, byVerdict.raw.median),
      latencyResult(`read-models.claims-by-verdict-${claims}-claims.p99`, byVerdict.ours.p99, byVerdict.raw.p99),
    );

    const rawArticles = db.prepare(`SELECT status, count(*) FROM articles GROUP BY status`);
    const rawClaims = db.prepare(`SELECT verdict, count(*) FROM claims WHERE status = 'active' GROUP BY verdict`);
    const rawDisproven = db.prepare(`SELECT count(*) FROM claims WHERE status = 'active' AND later_disproven = 1`);
    const rawCorrections = db.prepare(`SELECT count(*) FROM articles WHERE correction_needed = 1`);
    const dashboard = pairedLatencies(
      () => queries.dashboard(),
      () => [rawArticles.all(), rawClaims.all(), rawDisproven.get(), rawCorrections.get()],
    );
    results.push(
      latencyResult(`read-models.dashboard-${claims}-claims.median`, dashboard.ours.median, dashboard.raw.median),
      latencyResult(`read-models.dashboard-${claims}-claims.p99`, dashboard.ours.p99, dashboard.raw.p99),
    );
    return results;
  } finally {
    db.close();
    await store.close();
  }
}

export const readModelBenchmarks: BenchModule = {
  name: 'read-models',
  run: () => withTempDir('bench-read-models-', runReadModelBenchmarks),
};
