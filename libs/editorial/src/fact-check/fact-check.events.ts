import type { EventMetadata, Source, Verdict } from '../article/article.events.js';

/**
 * The FactCheck aggregate's events: a claim checked once, with its own verdict history, that
 * article claims follow as its appearances. Its stream is `fact-check-<uuid>`; its version is
 * the number of its events.
 */

interface Event<Type extends string, Data> {
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

export type FactCheckCreated = Event<
  'FactCheckCreated',
  {
    factCheckId: string;
    statement: string;
    language: string;
    claimant: string | null;
    claimedAt: string | null;
  }
>;

export type FactCheckVerdictRecorded = Event<
  'FactCheckVerdictRecorded',
  {
    factCheckId: string;
    /**
     * Names this verdict wherever it is recorded: every linked claim records it with this id as
     * its `causationId`, and refuses it a second time.
     */
    verdictId: string;
    verdict: Verdict;
    rationale: string;
    sources: Source[];
    /** The latest verdict is `false` and an earlier one was true, mostly_true, mixed or unverifiable. */
    laterDisproven: boolean;
  }
>;

/**
 * An article claim became an appearance of the fact-check. Written to the fact-check's stream
 * before the claim links (ClaimLinkedToFactCheck), with the fact-check's version as expected:
 * so the bound of 1,000 appearances holds under concurrent links, and every verdict after this
 * event in the stream is one the link did not replay and the process manager must propagate.
 */
export type FactCheckAppearanceLinked = Event<'FactCheckAppearanceLinked', { factCheckId: string; articleId: string; claimId: string }>;

export type FactCheckEvent = FactCheckCreated | FactCheckVerdictRecorded | FactCheckAppearanceLinked;

export type FactCheckEventType = FactCheckEvent['type'];

/** The explicit registry of event type names this aggregate writes and reads. */
export const FACT_CHECK_EVENT_TYPES: readonly FactCheckEventType[] = ['FactCheckCreated', 'FactCheckVerdictRecorded', 'FactCheckAppearanceLinked'];

export function isFactCheckEventType(type: string): type is FactCheckEventType {
  return (FACT_CHECK_EVENT_TYPES as readonly string[]).includes(type);
}

export const FACT_CHECK_STREAM_PREFIX = 'fact-check-';

export function factCheckStreamId(factCheckId: string): string {
  return `${FACT_CHECK_STREAM_PREFIX}${factCheckId}`;
}
