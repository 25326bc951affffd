import type { ClaimRow } from '../read-model.types.js';
import { ProjectionError, type ArticleRecordedEvent } from './event-facts.js';

/** The claim ids whose rows an event changes. */
export function claimIdsTouchedBy(event: ArticleRecordedEvent): string[] {
  switch (event.type) {
    case 'ClaimIdentified':
    case 'VerdictRecorded':
      return [event.data.claimId];
    case 'DraftRevised':
      return [...event.data.reanchoredClaims.map((anchor) => anchor.claimId), ...event.data.withdrawnClaimIds];
    default:
      return [];
  }
}

/** The claims read model, one row per claim with its full verdict history. */
/** For a DraftRevised, `row` is one of the claims it names (see claimIdsTouchedBy). */
export function evolveClaim(row: ClaimRow | null, event: ArticleRecordedEvent): ClaimRow {
  if (event.type === 'ClaimIdentified') {
    if (row) throw new ProjectionError(`Claim ${row.id} identified twice`);
    const { data } = event;
    return {
      id: data.claimId,
      articleId: data.articleId,
      quote: data.quote,
      start: data.start,
      end: data.end,
      claimant: data.claimant ?? null,
      claimedAt: data.claimedAt ?? null,
      status: 'active',
      verdict: 'pending',
      laterDisproven: false,
      verdicts: [],
    };
  }
  if (!row) throw new ProjectionError(`${event.type} on an unknown claim of ${event.streamId}`);
  const claimId = row.id;
  switch (event.type) {
    case 'VerdictRecorded': {
      const { data } = event;
      return {
        ...row,
        verdict: data.verdict,
        laterDisproven: data.laterDisproven,
        verdicts: [
          ...row.verdicts,
          { verdict: data.verdict, rationale: data.rationale, sources: data.sources ?? [], by: event.by, at: event.at },
        ],
      };
    }
    case 'DraftRevised': {
      if (event.data.withdrawnClaimIds.includes(claimId)) return { ...row, status: 'withdrawn' };
      const anchor = event.data.reanchoredClaims.find((candidate) => candidate.claimId === claimId);
      return anchor ? { ...row, start: anchor.start, end: anchor.end } : row;
    }
    default:
      return row;
  }
}
