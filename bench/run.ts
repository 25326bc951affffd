import { articleLoaderBenchmarks } from './article-loader.js';
import { eventStoreBenchmarks } from './event-store.js';
import { factCheckBenchmarks } from './fact-checks.js';
import { httpBenchmarks } from './http.js';
import { liveEventBenchmarks } from './live-events.js';
import { nodeBenchmarks } from './nodes.js';
import { readModelBenchmarks } from './read-models.js';
import type { BenchModule } from './support.js';

/** Every benchmark `npm run bench` runs, in order; add a module here to include it. */
export const benchmarks: BenchModule[] = [
  eventStoreBenchmarks,
  readModelBenchmarks,
  articleLoaderBenchmarks,
  liveEventBenchmarks,
  httpBenchmarks,
  nodeBenchmarks,
  factCheckBenchmarks,
];

for (const benchmark of benchmarks) {
  for (const result of await benchmark.run()) console.log(JSON.stringify(result));
}
