import { foldAsOf } from '../article/article.evolve.js';
import type { FactCheckEvent } from './fact-check.events.js';
import type { FactCheckState } from './fact-check.state.js';

/** Applies one recorded fact-check event; trusts it, as the article's evolve does. */
export function evolveFactCheck(state: FactCheckState | null, event: FactCheckEvent): FactCheckState {
  const { at, userId } = event.metadata;
  if (event.type === 'FactCheckCreated') {
    if (state !== null) throw new Error(`Fact-check ${state.factCheckId} is created twice in its stream`);
    const { factCheckId, statement, language, claimant, claimedAt } = event.data;
    return { factCheckId, statement, language, claimant, claimedAt, createdBy: userId, createdAt: at, updatedAt: at, version: 1, verdicts: [], appearances: [] };
  }
  if (state === null) throw new Error(`${event.type} before FactCheckCreated in fact-check ${event.data.factCheckId}`);
  const next = { ...state, version: state.version + 1, updatedAt: at };
  switch (event.type) {
    case 'FactCheckVerdictRecorded': {
      const { verdictId, verdict, rationale, sources } = event.data;
      return { ...next, verdicts: [...state.verdicts, { verdictId, verdict, rationale, sources, by: userId, at }] };
    }
    case 'FactCheckAppearanceLinked': {
      const { articleId, claimId } = event.data;
      return { ...next, appearances: [...state.appearances, { articleId, claimId }] };
    }
    default:
      throw new Error(`Unknown event ${(event as { type: string }).type} in fact-check ${state.factCheckId}`);
  }
}

export function foldFactCheck(events: Iterable<FactCheckEvent>): FactCheckState | null {
  let state: FactCheckState | null = null;
  for (const event of events) state = evolveFactCheck(state, event);
  return state;
}

/** The fact-check as it stood at `asOf` (see foldAsOf); null when it did not exist yet. */
export function foldFactCheckAsOf(events: Iterable<FactCheckEvent>, asOf: Date | string): FactCheckState | null {
  return foldAsOf(evolveFactCheck, events, asOf);
}
