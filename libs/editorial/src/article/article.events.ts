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
    /** The article's own words at [start, end): the quote as typed, or the span a normalised match found. */
    quote: string;
    /** Counts exact matches, or normalised ones when the quote was found only through its normalised form. */
    occurrence: number;
    /** Offsets in Unicode code points into the NFC body, end exclusive. */
    start: number;
    end: number;
    claimant: string | null;
    claimedAt: string | null;
    /** The quote as the fact-checker typed it (NFC), present only when it matched through the normalised form. */
    submittedQuote?: string;
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
    /**
     * Sets the article's `correctionNeeded`: the article is published or being corrected (not
     * retracted), the claim is active, and this verdict made it later disproven.
     */
    correctionNeeded: boolean;
    /** Present when the verdict came from the fact-check the claim follows. */
    factCheckId?: string;
    /** With `factCheckId`: the fact-check verdict's `verdictId`, recorded once per claim. */
    causationId?: string;
  }
>;

export interface LinkedVerdict {
  /** The fact-check verdict's `verdictId`. */
  causationId: string;
  verdict: Verdict;
  rationale: string;
  sources: Source[];
  /** Who recorded it on the fact-check, and when. */
  by: string;
  at: string;
}

/**
 * The claim follows the fact-check from now on: its verdicts so far are recorded on the claim,
 * in order, each with `factCheckId`; the consequences are those of the last one.
 */
export type ClaimLinkedToFactCheck = Event<
  'ClaimLinkedToFactCheck',
  {
    articleId: string;
    claimId: string;
    factCheckId: string;
    verdicts: LinkedVerdict[];
    laterDisproven: boolean;
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

export type TranslationApproved = Event<
  'TranslationApproved',
  {
    articleId: string;
    translationId: string;
    /**
     * The translation joins what readers see now (approved on a published article that is not
     * being corrected), replacing the one in its language. Absent in events written before v2.
     */
    published?: boolean;
  }
>;

export type TranslationRejected = Event<
  'TranslationRejected',
  { articleId: string; translationId: string; reason: string }
>;

export type ArticlePublished = Event<
  'ArticlePublished',
  {
    articleId: string;
    /** The approved translations readers get with this text (see publishedTranslationIds). Absent before v2. */
    publishedTranslationIds?: string[];
  }
>;

/** An editor opened a correction of a published article: its working copy is a draft again. */
export type CorrectionOpened = Event<'CorrectionOpened', { articleId: string; correctionId: string; reason: string }>;

/**
 * The open correction went out: the working copy (title, body) is the published text from now
 * on, with these translations, and `correctionNeeded` is false.
 */
export type CorrectionPublished = Event<
  'CorrectionPublished',
  {
    articleId: string;
    correctionId: string;
    /** What readers are told changed and why. */
    note: string;
    publishedTranslationIds: string[];
    /** When the verdict that set `correctionNeeded` was recorded; null when none was needed. */
    correctionNeededSince: string | null;
  }
>;

/** Withdrawn from publication for good; readers see no text, verdicts still accrue. */
export type ArticleRetracted = Event<
  'ArticleRetracted',
  {
    articleId: string;
    reason: string;
    /** The correction that was open, now never to be published; null when none was. */
    abandonedCorrectionId: string | null;
  }
>;

export type ArticleEvent =
  | ArticleDrafted
  | DraftRevised
  | ClaimIdentified
  | VerdictRecorded
  | TranslationSubmitted
  | TranslationApproved
  | TranslationRejected
  | ArticlePublished
  | CorrectionOpened
  | CorrectionPublished
  | ArticleRetracted
  | ClaimLinkedToFactCheck;

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
  'CorrectionOpened',
  'CorrectionPublished',
  'ArticleRetracted',
  'ClaimLinkedToFactCheck',
];

export function isArticleEventType(type: string): type is ArticleEventType {
  return (ARTICLE_EVENT_TYPES as readonly string[]).includes(type);
}

export const ARTICLE_STREAM_PREFIX = 'article-';

export function articleStreamId(articleId: string): string {
  return `${ARTICLE_STREAM_PREFIX}${articleId}`;
}
