/**
 * Every rule the editorial domain enforces (Article and FactCheck aggregates) fails with one error type. `category` tells the
 * transport how to answer (invalid → 400, not_found → 404, forbidden → 403, conflict → 409)
 * without the domain knowing about HTTP.
 */

export type ArticleErrorCategory = 'invalid' | 'not_found' | 'forbidden' | 'conflict';

export const ARTICLE_ERROR_CATEGORIES = {
  invalid_input: 'invalid',
  quote_not_found: 'invalid',
  target_language_same: 'invalid',
  article_not_found: 'not_found',
  claim_not_found: 'not_found',
  translation_not_found: 'not_found',
  correction_not_found: 'not_found',
  fact_check_not_found: 'not_found',
  own_translation: 'forbidden',
  article_exists: 'conflict',
  article_published: 'conflict',
  already_published: 'conflict',
  same_language: 'conflict',
  translation_not_submitted: 'conflict',
  not_ready: 'conflict',
  limit_reached: 'conflict',
  not_published: 'conflict',
  correction_open: 'conflict',
  correction_not_open: 'conflict',
  article_retracted: 'conflict',
  claim_linked: 'conflict',
  claim_withdrawn: 'conflict',
  fact_check_exists: 'conflict',
} as const satisfies Record<string, ArticleErrorCategory>;

export type ArticleErrorCode = keyof typeof ARTICLE_ERROR_CATEGORIES;

export const ARTICLE_ERROR_CODES = Object.keys(ARTICLE_ERROR_CATEGORIES) as ArticleErrorCode[];

export type UnmetCondition = { code: 'claim_pending'; claimId: string } | { code: 'translation_missing'; language: string };

export interface ArticleRuleErrorDetails {
  /** The input field at fault, for `invalid_input`, `quote_not_found` and `target_language_same`. */
  field?: string;
  /** Every unmet publishing condition, for `not_ready`. */
  unmet?: UnmetCondition[];
}

export class ArticleRuleError extends Error {
  override readonly name = 'ArticleRuleError';
  readonly category: ArticleErrorCategory;
  readonly field?: string;
  readonly unmet?: UnmetCondition[];

  constructor(
    readonly code: ArticleErrorCode,
    message: string,
    details: ArticleRuleErrorDetails = {},
  ) {
    super(message);
    this.category = ARTICLE_ERROR_CATEGORIES[code];
    if (details.field !== undefined) this.field = details.field;
    if (details.unmet !== undefined) this.unmet = details.unmet;
  }
}

export function isArticleRuleError(error: unknown): error is ArticleRuleError {
  return error instanceof ArticleRuleError;
}
