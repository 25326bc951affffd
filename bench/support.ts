import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One printed line of `npm run bench`: ratio = value / baseline, higher is better. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
}

export interface BenchModule {
  name: string;
  run(): Promise<BenchResult[]>;
}

const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

export function benchResult(name: string, value: number, unit: string, baseline: number): BenchResult {
  return { name, value: round(value, 1), unit, baseline: round(baseline, 1), ratio: round(value / baseline) };
}

export async function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), prefix));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds taken by the work. */
export async function timed(work: () => Promise<void> | void): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}
