import type { CompleteFactCheckLink, RecordFactCheckVerdictOnClaim } from '../article/article.commands.js';
import type { FactCheckEvent } from './fact-check.events.js';
import type { FactCheckState } from './fact-check.state.js';

export type FactCheckFollowUp = CompleteFactCheckLink | RecordFactCheckVerdictOnClaim;

/**
 * What a fact-check event asks of the articles, given the fact-check as it stood just before it
 * (its events before this one, folded): the process manager's whole decision. A verdict goes to
 * every appearance linked before it, in the fact-check's stream; later appearances got it
 * replayed when they linked. An appearance gets its link completed with the verdicts before it.
 * Every command is safe to repeat: an article records each cause and each link once.
 */
export function factCheckFollowUps(before: FactCheckState | null, event: FactCheckEvent): FactCheckFollowUp[] {
  const userId = event.metadata.userId;
  switch (event.type) {
    case 'FactCheckCreated':
      return [];
    case 'FactCheckVerdictRecorded': {
      const { factCheckId, verdictId, verdict, rationale, sources } = event.data;
      return (before?.appearances ?? []).map(({ articleId, claimId }) => ({
        type: 'RecordFactCheckVerdictOnClaim',
        userId,
        data: { articleId, claimId, factCheckId, causationId: verdictId, verdict, rationale, sources },
      }));
    }
    case 'FactCheckAppearanceLinked': {
      const { factCheckId, articleId, claimId } = event.data;
      return [{ type: 'CompleteFactCheckLink', userId, data: { articleId, claimId, factCheckId, verdicts: before?.verdicts ?? [] } }];
    }
    default:
      throw new Error(`Unknown fact-check event ${(event as { type: string }).type}`);
  }
}
