import { VERDICTS, type Source, type Verdict } from './article.events.js';

export interface VerdictEntry {
  verdict: Verdict;
  rationale: string;
  sources: Source[];
  by: string;
  at: string;
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
  publishedAt: string | null;
  /** Set for good once a verdict after publication made a claim later disproven. */
  correctionNeeded: boolean;
  /** In the order they were identified. */
  claims: ClaimState[];
  /** In the order they were submitted. */
  translations: TranslationState[];
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
