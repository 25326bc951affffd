import type { ArticleEvent } from '#editorial';
import { claimVerdict } from '#editorial';
import { normalizeInstant, ProjectionError, type Projection } from '../projection.js';
import type { ClaimDocument, ClaimListItem } from '../read-model.types.js';
import type { ArticleProjectedEvent } from './article.projection.js';

/** Verdicts a claim carries in a list (API.md v2, Bounds); one claim by id carries them all. */
export const LIST_VERDICTS = 10;

type ClaimEvent = Extract<ArticleEvent, { type: 'ClaimIdentified' | 'VerdictRecorded' | 'DraftRevised' | 'ClaimLinkedToFactCheck' }>;

/** The claims read model: one document per claim with its full verdict history and the anchors it had. */
export const claimProjection: Projection<ClaimDocument, ClaimEvent> = {
  name: 'claims',
  version: 2,
  handles: ['ClaimIdentified', 'VerdictRecorded', 'DraftRevised', 'ClaimLinkedToFactCheck'],
  idsOf: claimIdsTouchedBy,
  evolve: evolveClaim,
  columns: {
    article_id: { type: 'TEXT', value: (claim) => claim.articleId },
    verdict: { type: 'TEXT', value: (claim) => claim.verdict },
    status: { type: 'TEXT', value: (claim) => claim.status },
    later_disproven: { type: 'INTEGER', value: (claim) => (claim.laterDisproven ? 1 : 0) },
    fact_check_id: { type: 'TEXT', value: (claim) => claim.factCheckId, nullable: true },
  },
  indexes: [['verdict'], ['article_id'], ['later_disproven'], ['fact_check_id']],
  // Most claims have few verdicts: their document is their list item (see listItemOfStored).
  summary: (claim) => (claim.verdicts.length > LIST_VERDICTS ? claimListItemOf(claim) : null),
  // Withdrawn claims are no longer part of their article: they count nowhere.
  counters: (claim) =>
    claim.status !== 'active' ? [] : claim.laterDisproven ? [`claims.${claim.verdict}`, 'laterDisproven'] : [`claims.${claim.verdict}`],
  search: (claim) => claim.quote,
};

/** A list item without the article title, which the query joins in. */
export function claimListItemOf({ anchors: _anchors, verdicts, ...claim }: ClaimDocument): Omit<ClaimListItem, 'articleTitle'> {
  return { ...claim, verdicts: verdicts.slice(-LIST_VERDICTS), verdictCount: verdicts.length };
}

/**
 * A list item from what the claims table holds for lists: the summary, or the document when it
 * serves as one (few verdicts), turned into the item in place: the parsed JSON is ours alone.
 */
export function listItemOfStored(stored: ClaimDocument | Omit<ClaimListItem, 'articleTitle'>): Omit<ClaimListItem, 'articleTitle'> {
  if (!('anchors' in stored)) return stored;
  const item = stored as Partial<ClaimDocument> & Omit<ClaimListItem, 'articleTitle'>;
  delete item.anchors;
  item.verdictCount = item.verdicts.length;
  return item;
}

/** The claim ids whose documents an event changes. */
export function claimIdsTouchedBy(event: ClaimEvent): string[] {
  switch (event.type) {
    case 'ClaimIdentified':
    case 'VerdictRecorded':
    case 'ClaimLinkedToFactCheck':
      return [event.data.claimId];
    case 'DraftRevised':
      return [...event.data.reanchoredClaims.map((anchor) => anchor.claimId), ...event.data.withdrawnClaimIds];
    default:
      return [];
  }
}

/** For a DraftRevised, `claim` is one of the claims it names (see claimIdsTouchedBy). */
export function evolveClaim(claim: ClaimDocument | null, event: ArticleProjectedEvent & ClaimEvent): ClaimDocument {
  if (event.type === 'ClaimIdentified') {
    if (claim) throw new ProjectionError(`Claim ${claim.id} identified twice`);
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
      factCheckId: null,
      anchors: [{ at: event.at, start: data.start, end: data.end, status: 'active' }],
    };
  }
  if (!claim) throw new ProjectionError(`${event.type} on an unknown claim of ${event.streamId}`);
  switch (event.type) {
    case 'VerdictRecorded': {
      const { data } = event;
      return {
        ...claim,
        verdict: data.verdict,
        laterDisproven: data.laterDisproven,
        verdicts: [
          ...claim.verdicts,
          { verdict: data.verdict, rationale: data.rationale, sources: data.sources ?? [], by: event.by, at: event.at, ...(data.factCheckId ? { factCheckId: data.factCheckId } : {}) },
        ],
      };
    }
    case 'ClaimLinkedToFactCheck': {
      const { data } = event;
      const replayed = data.verdicts.map(({ verdict, rationale, sources, by, at }) => ({ verdict, rationale, sources, by, at: normalizeInstant(at), factCheckId: data.factCheckId }));
      const verdicts = [...claim.verdicts, ...replayed];
      return { ...claim, factCheckId: data.factCheckId, verdicts, verdict: claimVerdict({ verdicts }), laterDisproven: data.laterDisproven };
    }
    case 'DraftRevised': {
      const withdrawn = event.data.withdrawnClaimIds.includes(claim.id);
      const anchor = event.data.reanchoredClaims.find((candidate) => candidate.claimId === claim.id);
      const moved = {
        ...claim,
        ...(withdrawn ? { status: 'withdrawn' as const } : {}),
        ...(anchor && !withdrawn ? { start: anchor.start, end: anchor.end } : {}),
      };
      return { ...moved, anchors: [...claim.anchors, { at: event.at, start: moved.start, end: moved.end, status: moved.status }] };
    }
  }
}
