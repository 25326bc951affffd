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

/** What the article document keeps beside its view: the facts readinessOf() and as-of reads need. */
export interface ArticleFacts {
  revisedInVersion: number;
  claims: { claimId: string; status: ClaimStatus; verdicts: Verdict[] }[];
  /** Translation id → the article version its submission produced. */
  submittedInVersion: Record<string, number>;
  /** Every title the article had, oldest first, with the instant it took it. */
  titles: { at: string; title: string }[];
  /** The open correction's id, null when none is. */
  openCorrectionId: string | null;
  /** Per published correction that cleared correctionNeeded: milliseconds from the verdict that set it to the correction. */
  correctionDelays: number[];
}

/** A correction as GET /articles/{id} shows it; note, publishedBy, publishedAt and version are null while open. */
export interface CorrectionView {
  id: string;
  reason: string;
  note: string | null;
  openedBy: string | null;
  openedAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  /** The article version its publication produced. */
  version: number | null;
}

/** What readers see now: the last published version and its approved translations. */
export interface PublishedView {
  title: string;
  body: string;
  version: number;
  /** When this version went out: the correction's time after a correction. */
  publishedAt: string;
  translations: { language: string; title: string; body: string }[];
}

/** The article read model's document: the detail view plus its facts. */
export interface ArticleDocument {
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
  /** The first publication; a correction does not move it. */
  publishedAt: string | null;
  /** The last published correction's time. */
  correctedAt: string | null;
  retractedAt: string | null;
  retractionReason: string | null;
  /** Oldest first. */
  corrections: CorrectionView[];
  /** What readers see now; null before publication and after retraction. `title`/`body` are the working copy. */
  published: PublishedView | null;
  translations: TranslationView[];
  facts: ArticleFacts;
}


export interface VerdictView {
  verdict: Verdict;
  rationale: string;
  sources: Source[];
  by: string | null;
  at: string;
  /** Present on a verdict the claim received from the fact-check it follows. */
  factCheckId?: string;
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
  /** The fact-check the claim follows; null when unlinked. */
  factCheckId: string | null;
}

/** Where a claim stood from an instant on: its anchor and status change only with a revision. */
export interface ClaimAnchor {
  at: string;
  start: number;
  end: number;
  status: ClaimStatus;
}

/** The claims read model's document: the claim and the anchors it had (for as-of reads). */
export interface ClaimDocument extends ClaimRow {
  anchors: ClaimAnchor[];
}

export interface ClaimView extends ClaimRow {
  articleTitle: string;
}

/** A claim in a list: its latest verdicts only (at most LIST_VERDICTS), with their total. */
export interface ClaimListItem extends ClaimView {
  verdictCount: number;
}

export interface HistoryEntry {
  version: number;
  type: string;
  at: string;
  by: string | null;
  data: unknown;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** The version the next page starts from, or null when this page reaches the end. */
  nextVersion: number | null;
}

export type ArticleListItem = Pick<
  ArticleDocument,
  'id' | 'title' | 'language' | 'status' | 'version' | 'pendingClaims' | 'missingTranslations' | 'correctionNeeded' | 'updatedAt'
>;

export type ArticleDetail = Omit<ArticleDocument, 'facts'> & {
  claims: ClaimView[];
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
  corrections: {
    /** Corrections open now (articles correcting). */
    open: number;
    /** Corrections published, all articles. */
    published: number;
    /** Mean hours from the verdict that set correctionNeeded to the correction that cleared it; null until one has. */
    averageHoursToCorrect: number | null;
  };
}

/** A fact-check's verdict as its read model keeps it. */
export interface FactCheckVerdictView extends VerdictView {
  verdictId: string;
}

/** The fact-checks read model's document (API.md v2, "Fact-checks across articles"). */
export interface FactCheckDocument {
  id: string;
  statement: string;
  language: string;
  claimant: string | null;
  claimedAt: string | null;
  verdict: ClaimVerdict;
  laterDisproven: boolean;
  verdicts: VerdictView[];
  appearances: { articleId: string; claimId: string }[];
  createdAt: string;
  updatedAt: string;
}

/** A fact-check in a list: its latest verdicts only (at most LIST_VERDICTS), with their total. */
export interface FactCheckListItem extends FactCheckDocument {
  verdictCount: number;
}

/** One linked claim of a fact-check, as /fact-checks/{id}/impact lists it. */
export interface FactCheckImpactItem {
  articleId: string;
  articleTitle: string;
  status: ArticleStatus;
  claimId: string;
  quote: string;
  correctionNeeded: boolean;
  /** Languages of the article's approved translations. */
  translations: string[];
}
