// How a command loads its article: through the StateCache of folded states, against
// reading the whole stream and folding it (what every command did before), on an article of
// 2,000 claims, with one new event before each load as a stream of commands gives.
import { randomUUID } from 'node:crypto';
import { foldArticle, type ArticleEvent } from '#editorial';
import { openSqliteEventStore } from '#event-store';
import { generateArticle, workloadId } from '#read-models';
import { articleAggregate } from '../apps/api/src/articles/article.aggregate.js';
import { domainEventOf } from '../apps/api/src/commands/aggregate.js';
import { StateCache } from '../apps/api/src/commands/state-cache.js';
import { benchResult, timed, withTempDir, type BenchModule, type BenchResult } from './support.js';

const CLAIMS = 2_000;
const LOADS = 60;

async function runArticleLoaderBenchmarks(dir: string): Promise<BenchResult[]> {
  const store = openSqliteEventStore({ dataDir: dir });
  try {
    const article = generateArticle(1, { claimsPerArticle: CLAIMS });
    await store.appendToStream(article.streamId, article.events, 'no_stream');
    let appended = 0;
    const appendVerdict = () =>
      store.appendToStream(article.streamId, [
        {
          id: randomUUID(),
          type: 'VerdictRecorded',
          data: { articleId: article.articleId, claimId: workloadId(3, 1, appended++ % CLAIMS), verdict: 'true', rationale: 'تحقق', sources: [], laterDisproven: false, correctionNeeded: false },
          metadata: { userId: 'bench-checker', at: new Date().toISOString() },
        },
      ], 'any');

    const loader = new StateCache(store, articleAggregate);
    await loader.load(article.streamId);
    let cachedSeconds = 0;
    let foldedSeconds = 0;
    let versions = 0;
    for (let i = 0; i < LOADS; i++) {
      await appendVerdict();
      cachedSeconds += await timed(async () => {
        versions += (await loader.load(article.streamId))!.version;
      });
      await appendVerdict();
      foldedSeconds += await timed(async () => {
        versions -= foldArticle((await store.readStream(article.streamId)).map((event) => domainEventOf<ArticleEvent>(event)))!.version;
      });
    }
    // Each fold saw one event more than the load before it: a difference of exactly LOADS shows both read everything.
    if (versions !== -LOADS) throw new Error(`The cached and folded articles disagree (${versions})`);
    const events = article.events.length + appended;
    return [benchResult(`article-loader.load-${CLAIMS}-claims-${events}-events`, LOADS / cachedSeconds, 'loads/s', LOADS / foldedSeconds)];
  } finally {
    await store.close();
  }
}

export const articleLoaderBenchmarks: BenchModule = {
  name: 'article-loader',
  run: () => withTempDir('bench-article-loader-', runArticleLoaderBenchmarks),
};
