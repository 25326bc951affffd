import type { Dashboard } from './read-model.types.js';

/** The dashboard from the counters the projections keep (see Projection.counters). */
export function dashboardOf(counters: Readonly<Record<string, number>>): Dashboard {
  const count = (name: string): number => counters[name] ?? 0;
  return {
    articles: {
      draft: count('articles.draft'),
      ready: count('articles.ready'),
      published: count('articles.published'),
      correcting: count('articles.correcting'),
      retracted: count('articles.retracted'),
    },
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
    corrections: {
      // At most one correction is open per article.
      open: count('articles.correcting'),
      published: count('corrections.published'),
      averageHoursToCorrect: averageHours(count('corrections.msToCorrect'), count('corrections.timed')),
    },
  };
}

/** Hours, to two decimals. */
function averageHours(totalMs: number, corrections: number): number | null {
  if (corrections === 0) return null;
  return Math.round(totalMs / corrections / 36_000) / 100;
}
