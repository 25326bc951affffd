// Read-model benchmark: rebuild speed from ≥ 200,000 events and query latency over 100,000 claims.
// Results are {"name","value","unit","baseline","ratio"} with ratio = value / baseline: for
// events/s higher is better, for latencies (ms) lower is better.
// Read-model benchmark: rebuild speed from ≥ 200,000 events against the store's own read-all
// rate, and query latency over 100,000 claims against the bare SELECT it runs.
// Results are {"name","value","unit","baseline","ratio"} with ratio = value / baseline: for
// events/s higher is better, for latencies (ms) lower is better.
import Database from 'better-sqlite3';
import { openSqliteEventStore, type RecordedEvent, type SqliteEventStore } from '#event-store';
import { CLAIM_VERDICT_FILTERS, matchingForm } from '#editorial';
import {
  generateArticle,
  openReadModelDatabase,
  PROJECTIONS,
  type ReadModelDatabase,
  ReadModelQueries,
  ReadModelWriter,
  readModelsPath,
  rebuildReadModels,
} from '#read-models';
import { benchResult, timed, withTempDir, type BenchModule, type BenchResult } from './support.js';

const ARTICLES = 20_000;
const CLAIMS_PER_ARTICLE = 5;
const PAGE_SIZE = 2000;
const QUERY_RUNS = 2_000;
const QUERY_BUDGET_MS = 10_000;
const LIVE_COMMITS = 2_000;

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

/** The store reading its whole log in the pages the rebuild reads: the rate a rebuild cannot beat. */
async function readAllSeconds(store: SqliteEventStore): Promise<number> {
  return timed(async () => {
    let after: RecordedEvent['position'] | undefined;
    for (;;) {
      const page = await store.readAll({ ...(after ? { after } : {}), maxCount: PAGE_SIZE });
      if (page.events.length > 0) after = page.events[page.events.length - 1].position;
      if (page.isEnd || page.events.length === 0) return;
    }
  });
}

/**
 * The least any rebuild writes, timed alone on the rebuilt documents: stringifying each final
 * document once, inserting it into a table with no index but its rowid (one transaction),
 * filling the FTS5 tables and building the id indexes. Added to the log's read-all time this
 * is a one-thread rebuild that folds nothing, keeps no counters and builds no secondary index.
 */
async function rebuildFloorWriteSeconds(db: ReadModelDatabase, path: string): Promise<number> {
  const documents = PROJECTIONS.map((projection) => ({
    projection,
    rows: db
      .prepare<[], [string, string]>(`SELECT id, doc FROM ${projection.name}`)
      .raw()
      .all()
      .map(([id, doc]) => [id, JSON.parse(doc) as object] as const),
  }));
  const floor = new Database(path);
  floor.pragma('journal_mode = WAL');
  floor.pragma('synchronous = NORMAL');
  floor.pragma('cache_size = -65536');
  try {
    return await timed(() => {
      floor.transaction(() => {
        for (const { projection, rows } of documents) {
          floor.exec(`CREATE TABLE ${projection.name} (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, doc TEXT NOT NULL)`);
          const insert = floor.prepare<[string, string]>(`INSERT INTO ${projection.name} (id, doc) VALUES (?, ?)`);
          for (const [id, document] of rows) insert.run(id, JSON.stringify(document));
          if (projection.search) {
            floor.exec(`CREATE VIRTUAL TABLE ${projection.name}_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')`);
            const index = floor.prepare<[number, string]>(`INSERT INTO ${projection.name}_search (rowid, text) VALUES (?, ?)`);
            rows.forEach(([, document], row) => index.run(row + 1, matchingForm(projection.search!(document))));
          }
          floor.exec(`CREATE UNIQUE INDEX ${projection.name}_id ON ${projection.name} (id)`);
        }
      })();
    });
  } finally {
    floor.close();
  }
}

/**
 * Live projection, one event per commit (a command's read-your-writes wait), with the read-model
 * database at synchronous=NORMAL against FULL: what NORMAL would save (docs/benchmarks.md).
 */
async function liveCommitsPerSecond(store: SqliteEventStore, dir: string, synchronous: 'FULL' | 'NORMAL'): Promise<number> {
  const db = openReadModelDatabase(`${dir}/live-${synchronous}.sqlite`);
  db.pragma(`synchronous = ${synchronous}`);
  try {
    const { events } = await store.readAll({ maxCount: LIVE_COMMITS });
    const writer = new ReadModelWriter(db);
    const seconds = await timed(() => {
      for (const event of events) writer.applyInTransaction([event]);
    });
    return events.length / seconds;
  } finally {
    db.close();
  }
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

    // Alternate the two, twice, and keep each one's best: both meet the same neighbours' load.
    let rebuildBest = Infinity;
    let readBest = Infinity;
    for (let round = 0; round < 2; round += 1) {
      readBest = Math.min(readBest, await readAllSeconds(store));
      rebuildBest = Math.min(rebuildBest, await timed(() => rebuildReadModels(store, db, { pageSize: PAGE_SIZE }).then(() => undefined)));
    }
    const results = [benchResult(`read-models.rebuild-${events}-events`, events / rebuildBest, 'events/s', events / readBest)];
    // What no rebuild in one thread can beat: reading the log plus the least writing (docs/benchmarks.md).
    const floorWrite = Math.min(
      await rebuildFloorWriteSeconds(db, `${dir}/rebuild-floor-1.sqlite`),
      await rebuildFloorWriteSeconds(db, `${dir}/rebuild-floor-2.sqlite`),
    );
    results.push(benchResult(`read-models.rebuild-floor-${events}-events`, events / (readBest + floorWrite), 'events/s', events / readBest));

    const full = await liveCommitsPerSecond(store, dir, 'FULL');
    const normal = await liveCommitsPerSecond(store, dir, 'NORMAL');
    results.push(benchResult('read-models.live-single-event-commits.synchronous-normal', normal, 'commits/s', full));

    const claims = db.prepare('SELECT count(*) FROM claims').pluck().get() as number;
    if (claims < 100_000) throw new Error(`only ${claims} claims`);
    const queries = new ReadModelQueries(db);
    const verdicts = CLAIM_VERDICT_FILTERS;
    const rawByVerdict = db.prepare(
      `SELECT c.seq, coalesce(c.summary, c.doc), a.title FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.verdict = ? ORDER BY c.seq DESC LIMIT 21`,
    );
    const rawPending = db.prepare(
      `SELECT c.seq, coalesce(c.summary, c.doc), a.title FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.verdict = 'pending' AND c.status = 'active' ORDER BY c.seq DESC LIMIT 21`,
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

    const asJson = pairedLatencies(
      (iteration) => queries.listClaimsJson({ verdict: verdicts[iteration % verdicts.length], limit: 20 }),
      (iteration) => {
        const verdict = verdicts[iteration % verdicts.length];
        return verdict === 'pending' ? rawPending.all() : rawByVerdict.all(verdict);
      },
    );
    results.push(latencyResult(`read-models.claims-by-verdict-json-${claims}-claims.median`, asJson.ours.median, asJson.raw.median));

    // The baseline counts what the dashboard shows from the rows themselves, as a query per request would.
    const rawArticles = db.prepare(`SELECT status, count(*) FROM articles GROUP BY status`);
    const rawClaims = db.prepare(`SELECT verdict, count(*) FROM claims WHERE status = 'active' GROUP BY verdict`);
    const rawDisproven = db.prepare(`SELECT count(*) FROM claims WHERE status = 'active' AND later_disproven = 1`);
    const rawCorrections = db.prepare(`SELECT count(*) FROM articles WHERE json_extract(doc, '$.correctionNeeded')`);
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
