import type { ArticleStatus, ClaimStatus, Source, TranslationStatus, Verdict } from '#editorial';

export type ClaimVerdict = Verdict | 'pending';

export interface TranslationView {
  id: string;
  language: string;
  title: string;
  body: string;
  status: TranslationStatus;
  translatorId: string | null;
  reviewedBy: string | null;
  reason: string | null;
  submittedAt: string;
}

/** What the article projection must remember about each claim to count pending ones. */
export interface ClaimState {
  id: string;
  active: boolean;
  checked: boolean;
}

export interface ArticleRow {
  id: string;
  title: string;
  body: string;
  language: string;
  byline: string | null;
  source: string | null;
  authorId: string | null;
  status: ArticleStatus;
  version: number;
  targetLanguages: string[];
  pendingClaims: number;
  missingTranslations: string[];
  correctionNeeded: boolean;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  translations: TranslationView[];
  claimStates: ClaimState[];
}

export interface VerdictView {
  verdict: Verdict;
  rationale: string;
  sources: Source[];
  by: string | null;
  at: string;
}

/** A claim as the claims projection keeps it; the article title is joined in by the queries. */
export interface ClaimRow {
  id: string;
  articleId: string;
  quote: string;
  start: number;
  end: number;
  claimant: string | null;
  claimedAt: string | null;
  status: ClaimStatus;
  verdict: ClaimVerdict;
  laterDisproven: boolean;
  verdicts: VerdictView[];
}

export interface ClaimView extends ClaimRow {
  articleTitle: string;
}

export interface HistoryEntry {
  version: number;
  type: string;
  at: string;
  by: string | null;
  data: unknown;
}

export type ArticleListItem = Pick<
  ArticleRow,
  'id' | 'title' | 'language' | 'status' | 'version' | 'pendingClaims' | 'missingTranslations' | 'correctionNeeded' | 'updatedAt'
>;

export type ArticleDetail = Omit<ArticleRow, 'translations' | 'claimStates'> & {
  claims: ClaimView[];
  translations: TranslationView[];
};

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

export interface Dashboard {
  articles: Record<ArticleStatus, number>;
  claims: Record<ClaimVerdict, number>;
  laterDisproven: number;
  correctionNeeded: number;
}
