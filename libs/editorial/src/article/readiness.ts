import type { UnmetCondition } from './article.errors.js';
import type { ClaimStatus, TranslationStatus } from './article.state.js';

/** Every status an article can be in (API.md v2). */
export const ARTICLE_LIFECYCLE_STATUSES = ['draft', 'ready', 'published', 'correcting', 'retracted'] as const;
export type ArticleLifecycleStatus = (typeof ARTICLE_LIFECYCLE_STATUSES)[number];

/** The statuses the read models, the `status` filter and the dashboard know: every lifecycle status. */
export const ARTICLE_STATUSES = ARTICLE_LIFECYCLE_STATUSES;
export type ArticleStatus = ArticleLifecycleStatus;

/**
 * What publishing depends on. The domain's `ArticleState` has this shape, and so must any read
 * model that shows an article's status, so the rule is written once and read models cannot drift.
 */
export interface ReadinessFacts {
  publishedAt: string | null;
  /** Set once retracted; absent reads as never retracted. */
  retractedAt?: string | null;
  /** The open correction's id; absent reads as none open. */
  openCorrectionId?: string | null;
  /** The version the draft or its last revision produced. */
  revisedInVersion: number;
  targetLanguages: readonly string[];
  claims: readonly { claimId: string; status: ClaimStatus; verdicts: readonly unknown[] }[];
  translations: readonly { language: string; status: TranslationStatus; submittedInVersion: number }[];
}

export interface Readiness {
  /** retracted, else correcting (a correction is open), else published, else ready or draft. */
  status: ArticleLifecycleStatus;
  /**
   * Every condition that keeps the working copy from being published (or a correction from going
   * out); empty when it is publishable.
   */
  unmet: UnmetCondition[];
  /** Active claims without a verdict. */
  pendingClaims: number;
  /** Target languages without an approved translation submitted after the last revision. */
  missingTranslations: string[];
}

export function readinessOf(article: ReadinessFacts): Readiness {
  const pending = article.claims.filter((claim) => claim.status === 'active' && claim.verdicts.length === 0);
  const missingTranslations = article.targetLanguages.filter(
    (language) =>
      !article.translations.some(
        (translation) =>
          translation.language === language && translation.status === 'approved' && translation.submittedInVersion > article.revisedInVersion,
      ),
  );
  const unmet: UnmetCondition[] = [
    ...pending.map((claim) => ({ code: 'claim_pending' as const, claimId: claim.claimId })),
    ...missingTranslations.map((language) => ({ code: 'translation_missing' as const, language })),
  ];
  let status: ArticleLifecycleStatus = unmet.length === 0 ? 'ready' : 'draft';
  if (article.retractedAt) status = 'retracted';
  else if (article.openCorrectionId) status = 'correcting';
  else if (article.publishedAt !== null) status = 'published';
  return { status, unmet, pendingClaims: pending.length, missingTranslations };
}
