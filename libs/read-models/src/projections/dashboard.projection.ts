import type { ArticleRow, ClaimRow, Dashboard } from '../read-model.types.js';

/** Counter name → change, e.g. { 'articles.draft': -1, 'articles.ready': 1 }. */
export type CounterDelta = Map<string, number>;

/**
 * The dashboard counters follow the article and claim rows: each row change moves it from
 * the counters it was in to the ones it is in now. Claims count only while active (a
 * withdrawn claim is no longer part of the article); articles count by status, and
 * `correctionNeeded` counts articles flagged for a correction.
 */
export function articleCounterDelta(before: ArticleRow | null, after: ArticleRow | null, delta: CounterDelta = new Map()): CounterDelta {
  for (const [row, sign] of [[before, -1], [after, 1]] as const) {
    if (!row) continue;
    add(delta, `articles.${row.status}`, sign);
    if (row.correctionNeeded) add(delta, 'correctionNeeded', sign);
  }
  return delta;
}

export function claimCounterDelta(before: ClaimRow | null, after: ClaimRow | null, delta: CounterDelta = new Map()): CounterDelta {
  for (const [row, sign] of [[before, -1], [after, 1]] as const) {
    if (!row || row.status !== 'active') continue;
    add(delta, `claims.${row.verdict}`, sign);
    if (row.laterDisproven) add(delta, 'laterDisproven', sign);
  }
  return delta;
}

function add(delta: CounterDelta, name: string, change: number): void {
  const value = (delta.get(name) ?? 0) + change;
  if (value === 0) delta.delete(name);
  else delta.set(name, value);
}

export function dashboardOf(counters: ReadonlyMap<string, number>): Dashboard {
  const count = (name: string): number => counters.get(name) ?? 0;
  return {
    articles: { draft: count('articles.draft'), ready: count('articles.ready'), published: count('articles.published') },
    claims: {
      pending: count('claims.pending'),
      true: count('claims.true'),
      mostly_true: count('claims.mostly_true'),
      mixed: count('claims.mixed'),
      misleading: count('claims.misleading'),
      false: count('claims.false'),
      unverifiable: count('claims.unverifiable'),
    },
    laterDisproven: count('laterDisproven'),
    correctionNeeded: count('correctionNeeded'),
  };
}
