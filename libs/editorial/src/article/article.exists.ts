import type { ArticleCommand } from './article.commands.js';
import { ArticleRuleError } from './article.errors.js';
import type { ArticleState, ClaimState, CorrectionState, TranslationState } from './article.state.js';

export function existing(state: ArticleState | null, articleId: string): ArticleState {
  if (state === null) throw new ArticleRuleError('article_not_found', `article ${articleId} does not exist`);
  return state;
}

export function existingClaim(article: ArticleState, claimId: string): ClaimState {
  const claim = article.claims.find((candidate) => candidate.claimId === claimId);
  if (!claim) throw new ArticleRuleError('claim_not_found', `claim ${claimId} does not exist in article ${article.articleId}`);
  return claim;
}

export function existingTranslation(article: ArticleState, translationId: string): TranslationState {
  const translation = article.translations.find((candidate) => candidate.translationId === translationId);
  if (!translation) throw new ArticleRuleError('translation_not_found', `translation ${translationId} does not exist in article ${article.articleId}`);
  return translation;
}

export function existingCorrection(article: ArticleState, correctionId: string): CorrectionState {
  const correction = article.corrections.find((candidate) => candidate.correctionId === correctionId);
  if (!correction) throw new ArticleRuleError('correction_not_found', `correction ${correctionId} does not exist in article ${article.articleId}`);
  return correction;
}

/**
 * Fails with the `not_found` error `decide` would give for what the command names (the article,
 * its claim, its translation). The contract answers existence (404) before If-Match (412) and
 * before every rule, so a caller holding an If-Match asks this first.
 */
export function assertArticleTargetsExist(command: ArticleCommand, state: ArticleState | null): void {
  if (command.type === 'DraftArticle') return;
  const article = existing(state, command.data.articleId);
  if (command.type === 'RecordVerdict' || command.type === 'LinkClaimToFactCheck' || command.type === 'CompleteFactCheckLink' || command.type === 'RecordFactCheckVerdictOnClaim') {
    existingClaim(article, command.data.claimId);
  }
  if (command.type === 'PublishCorrection') existingCorrection(article, command.data.correctionId);
  if (command.type === 'ApproveTranslation' || command.type === 'RejectTranslation') existingTranslation(article, command.data.translationId);
}
