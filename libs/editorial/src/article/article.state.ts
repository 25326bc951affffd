import { VERDICTS, type Source, type Verdict } from './article.events.js';

export interface VerdictEntry {
  verdict: Verdict;
  rationale: string;
  sources: Source[];
  by: string;
  at: string;
  /** The fact-check it came from, for a claim that follows one. */
  factCheckId?: string;
  /** That fact-check verdict's `verdictId`. */
  causationId?: string;
}

export type ClaimStatus = 'active' | 'withdrawn';

export interface ClaimState {
  claimId: string;
  quote: string;
  occurrence: number;
  /** Code points into the current NFC body, end exclusive; for a withdrawn claim, where it last was. */
  start: number;
  end: number;
  claimant: string | null;
  claimedAt: string | null;
  status: ClaimStatus;
  /** The fact-check it follows, for good once linked (revisions keep it); null when unlinked. */
  factCheckId: string | null;
  /** Oldest first; every verdict is kept. */
  verdicts: VerdictEntry[];
  identifiedBy: string;
  identifiedAt: string;
}

export const TRANSLATION_STATUSES = ['submitted', 'approved', 'rejected', 'outdated'] as const;
export type TranslationStatus = (typeof TRANSLATION_STATUSES)[number];

export interface TranslationState {
  translationId: string;
  language: string;
  title: string;
  body: string;
  status: TranslationStatus;
  translatorId: string;
  submittedAt: string;
  /** The article version its submission produced. */
  submittedInVersion: number;
  reviewedBy: string | null;
  reason: string | null;
}

export interface CorrectionState {
  correctionId: string;
  reason: string;
  /** null while open. */
  note: string | null;
  openedBy: string;
  openedAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  /** The article version its publication produced; null while open. */
  version: number | null;
}

export interface PublishedTranslation {
  translationId: string;
  language: string;
  title: string;
  body: string;
}

/** What readers see: the text last published (first publication or last correction). */
export interface PublishedText {
  title: string;
  body: string;
  /** The article version that published it. */
  version: number;
  /** When this text went out: the correction's time after a correction. */
  publishedAt: string;
  translations: PublishedTranslation[];
}

export interface ArticleState {
  articleId: string;
  title: string;
  body: string;
  language: string;
  byline: string | null;
  source: string | null;
  targetLanguages: string[];
  authorId: string;
  /** Number of events in the article's stream. */
  version: number;
  /** The version the draft or its last revision produced. */
  revisedInVersion: number;
  createdAt: string;
  updatedAt: string;
  /** The first publication; a correction does not move it. */
  publishedAt: string | null;
  /** The last published correction's time. */
  correctedAt: string | null;
  retractedAt: string | null;
  retractionReason: string | null;
  /** Oldest first. */
  corrections: CorrectionState[];
  /** The open correction: while set, the article is `correcting` and its working copy a draft. */
  openCorrectionId: string | null;
  /** What readers see now; null before publication and after retraction. `title`/`body` are the working copy. */
  published: PublishedText | null;
  /**
   * Set by a verdict that made an active claim later disproven after the last publication
   * (VerdictRecorded.correctionNeeded); cleared only by a published correction or a retraction.
   */
  correctionNeeded: boolean;
  /** When the verdict that set `correctionNeeded` was recorded; null while it is false. */
  correctionNeededSince: string | null;
  /** In the order they were identified. */
  claims: ClaimState[];
  /** In the order they were submitted. */
  translations: TranslationState[];
}

/**
 * The translations readers get with the working copy when it is published: approved and
 * submitted after the last revision, the last submitted per language, in submission order.
 */
export function publishedTranslationIds(article: {
  revisedInVersion: number;
  translations: readonly { translationId: string; language: string; status: TranslationStatus; submittedInVersion: number }[];
}): string[] {
  const latest = new Map<string, string>();
  for (const translation of article.translations) {
    if (translation.status === 'approved' && translation.submittedInVersion > article.revisedInVersion) {
      latest.delete(translation.language);
      latest.set(translation.language, translation.translationId);
    }
  }
  const chosen = new Set(latest.values());
  return article.translations.filter((translation) => chosen.has(translation.translationId)).map((translation) => translation.translationId);
}

export const CLAIM_VERDICT_FILTERS = ['pending', ...VERDICTS] as const;

const BELIEVED: readonly Verdict[] = ['true', 'mostly_true', 'mixed', 'unverifiable'];

/** The latest verdict is `false` and an earlier one was true, mostly_true, mixed or unverifiable. */
export function isLaterDisproven(verdicts: readonly (Verdict | { verdict: Verdict })[]): boolean {
  const values = verdicts.map((entry) => (typeof entry === 'string' ? entry : entry.verdict));
  if (values.at(-1) !== 'false') return false;
  return values.slice(0, -1).some((verdict) => BELIEVED.includes(verdict));
}

/** The latest verdict, or `pending` when there is none yet. */
export function claimVerdict(claim: { verdicts: readonly { verdict: Verdict }[] }): Verdict | 'pending' {
  return claim.verdicts.at(-1)?.verdict ?? 'pending';
}
