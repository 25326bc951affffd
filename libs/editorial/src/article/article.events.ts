/**
 * The Article aggregate's events: the facts every other part of the system (event store,
 * read models, history) is built on. Names are explicit strings, never derived from classes.
 * Consequences that a rule decides (re-anchored offsets, withdrawn claims, outdated
 * translations, "later disproven") are recorded in the event, so that projections never
 * re-implement domain rules.
 */

export const VERDICTS = ['true', 'mostly_true', 'mixed', 'misleading', 'false', 'unverifiable'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface Source {
  url: string;
  title?: string;
}

/** Who did it and when; added to every event by decide from the injected clock and the acting user. */
export interface EventMetadata {
  userId: string;
  /** ISO-8601 UTC instant the command was decided at. */
  at: string;
  correlationId?: string;
  causationId?: string;
}

interface Event<Type extends string, Data> {
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

export type ArticleDrafted = Event<
  'ArticleDrafted',
  {
    articleId: string;
    title: string;
    body: string;
    language: string;
    byline: string | null;
    source: string | null;
    targetLanguages: string[];
  }
>;

export interface ClaimAnchor {
  claimId: string;
  start: number;
  end: number;
}

export type DraftRevised = Event<
  'DraftRevised',
  {
    articleId: string;
    title: string;
    body: string;
    /** New offsets of every claim still found in the body. */
    reanchoredClaims: ClaimAnchor[];
    /** Claims whose quote is gone from the body: withdrawn for good, history kept. */
    withdrawnClaimIds: string[];
    /** Translations submitted before this revision, now outdated. */
    outdatedTranslationIds: string[];
  }
>;

export type ClaimIdentified = Event<
  'ClaimIdentified',
  {
    articleId: string;
    claimId: string;
    quote: string;
    occurrence: number;
    /** Offsets in Unicode code points into the NFC body, end exclusive. */
    start: number;
    end: number;
    claimant: string | null;
    claimedAt: string | null;
  }
>;

export type VerdictRecorded = Event<
  'VerdictRecorded',
  {
    articleId: string;
    claimId: string;
    verdict: Verdict;
    rationale: string;
    sources: Source[];
    /** The latest verdict is `false` and an earlier one was true, mostly_true, mixed or unverifiable. */
    laterDisproven: boolean;
    /** Recorded on a published article and made the claim later disproven. */
    correctionNeeded: boolean;
  }
>;

export type TranslationSubmitted = Event<
  'TranslationSubmitted',
  {
    articleId: string;
    translationId: string;
    language: string;
    title: string;
    body: string;
  }
>;

export type TranslationApproved = Event<'TranslationApproved', { articleId: string; translationId: string }>;

export type TranslationRejected = Event<
  'TranslationRejected',
  { articleId: string; translationId: string; reason: string }
>;

export type ArticlePublished = Event<'ArticlePublished', { articleId: string }>;

export type ArticleEvent =
  | ArticleDrafted
  | DraftRevised
  | ClaimIdentified
  | VerdictRecorded
  | TranslationSubmitted
  | TranslationApproved
  | TranslationRejected
  | ArticlePublished;

export type ArticleEventType = ArticleEvent['type'];

/** The explicit registry of event type names this aggregate writes and reads. */
export const ARTICLE_EVENT_TYPES: readonly ArticleEventType[] = [
  'ArticleDrafted',
  'DraftRevised',
  'ClaimIdentified',
  'VerdictRecorded',
  'TranslationSubmitted',
  'TranslationApproved',
  'TranslationRejected',
  'ArticlePublished',
];

export function isArticleEventType(type: string): type is ArticleEventType {
  return (ARTICLE_EVENT_TYPES as readonly string[]).includes(type);
}

export const ARTICLE_STREAM_PREFIX = 'article-';

export function articleStreamId(articleId: string): string {
  return `${ARTICLE_STREAM_PREFIX}${articleId}`;
}
