import type {
  ApproveTranslation,
  ArticleCommand,
  DraftArticle,
  IdentifyClaim,
  PublishArticle,
  RecordVerdict,
  RejectTranslation,
  ReviseDraft,
  SubmitTranslation,
} from './article.commands.js';
import { ArticleRuleError } from './article.errors.js';
import type {
  ArticleDrafted,
  ArticleEvent,
  ArticlePublished,
  ClaimAnchor,
  ClaimIdentified,
  DraftRevised,
  EventMetadata,
  TranslationApproved,
  TranslationRejected,
  TranslationSubmitted,
  VerdictRecorded,
} from './article.events.js';
import type { ArticleState, TranslationState } from './article.state.js';
import { existing, existingClaim, existingTranslation } from './article.exists.js';
import { isLaterDisproven } from './article.state.js';
import { readinessOf } from './readiness.js';
import {
  LIMITS,
  assertRevisesSomething,
  canonicalLanguage,
  canonicalLanguages,
  normalizeOptionalText,
  normalizeSources,
  normalizeText,
  validClaimedAt,
  validOccurrence,
  validVerdict,
} from './article.input.js';
import { anchorQuote, editMapping, reanchorer } from './anchoring.js';

export interface DecideDeps {
  now: () => Date;
  newId: () => string;
}

/**
 * Decides what a command means for an article: exactly one event, or an ArticleRuleError.
 * Checks run in the contract's order: input (invalid), existence (not_found), then the rules
 * (forbidden before conflict). Pure: time and ids come from `deps`.
 */
export function decide(command: ArticleCommand, state: ArticleState | null, deps: DecideDeps): ArticleEvent[] {
  const metadata: EventMetadata = { userId: command.userId, at: deps.now().toISOString() };
  switch (command.type) {
    case 'DraftArticle':
      return [draftArticle(command, state, metadata)];
    case 'ReviseDraft':
      return [reviseDraft(command, state, metadata)];
    case 'IdentifyClaim':
      return [identifyClaim(command, state, metadata, deps)];
    case 'RecordVerdict':
      return [recordVerdict(command, state, metadata)];
    case 'SubmitTranslation':
      return [submitTranslation(command, state, metadata, deps)];
    case 'ApproveTranslation':
      return [approveTranslation(command, state, metadata)];
    case 'RejectTranslation':
      return [rejectTranslation(command, state, metadata)];
    case 'PublishArticle':
      return [publishArticle(command, state, metadata)];
    default:
      throw new Error(`Unknown article command ${(command as { type: string }).type}`);
  }
}

const title = (field: string, value: unknown) => normalizeText(field, value, LIMITS.title, { trim: true });
const body = (field: string, value: unknown) => normalizeText(field, value, LIMITS.body);

function draftArticle({ data }: DraftArticle, state: ArticleState | null, metadata: EventMetadata): ArticleDrafted {
  const fields = {
    title: title('title', data.title),
    body: body('body', data.body),
    language: canonicalLanguage('language', data.language),
    byline: normalizeOptionalText('byline', data.byline, LIMITS.byline),
    source: normalizeOptionalText('source', data.source, LIMITS.source),
    targetLanguages: canonicalLanguages('targetLanguages', data.targetLanguages),
  };
  if (fields.targetLanguages.includes(fields.language)) {
    throw new ArticleRuleError('target_language_same', `target language ${fields.language} is the article's own language`, { field: 'targetLanguages' });
  }
  if (state !== null) throw new ArticleRuleError('article_exists', `article ${data.articleId} already exists`);
  return { type: 'ArticleDrafted', data: { articleId: data.articleId, ...fields }, metadata };
}

function reviseDraft({ data }: ReviseDraft, state: ArticleState | null, metadata: EventMetadata): DraftRevised {
  assertRevisesSomething(data);
  const newTitle = data.title === undefined ? undefined : title('title', data.title);
  const newBody = data.body === undefined ? undefined : body('body', data.body);
  const article = unpublished(existing(state, data.articleId));
  const revisedBody = newBody ?? article.body;

  const moved = editMapping(article.body, revisedBody);
  const reanchor = reanchorer(revisedBody);
  const reanchoredClaims: ClaimAnchor[] = [];
  const withdrawnClaimIds: string[] = [];
  for (const claim of article.claims.filter((candidate) => candidate.status === 'active')) {
    const anchor = reanchor(claim.quote, moved(claim.start));
    if (anchor) reanchoredClaims.push({ claimId: claim.claimId, ...anchor });
    else withdrawnClaimIds.push(claim.claimId);
  }
  const outdatedTranslationIds = article.translations
    .filter((translation) => translation.status === 'submitted' || translation.status === 'approved')
    .map((translation) => translation.translationId);

  return {
    type: 'DraftRevised',
    data: {
      articleId: article.articleId,
      title: newTitle ?? article.title,
      body: revisedBody,
      reanchoredClaims,
      withdrawnClaimIds,
      outdatedTranslationIds,
    },
    metadata,
  };
}

function identifyClaim({ data }: IdentifyClaim, state: ArticleState | null, metadata: EventMetadata, deps: DecideDeps): ClaimIdentified {
  const quote = normalizeText('quote', data.quote, LIMITS.quote);
  const occurrence = validOccurrence(data.occurrence);
  const claimant = normalizeOptionalText('claimant', data.claimant, LIMITS.claimant);
  const claimedAt = validClaimedAt(data.claimedAt);
  const article = unpublished(existing(state, data.articleId));
  const anchor = anchorQuote(article.body, quote, occurrence);
  if (anchor === null) {
    const where = occurrence === 1 ? 'in the body' : `${occurrence} times in the body`;
    throw new ArticleRuleError('quote_not_found', `the quote does not occur ${where}`, { field: 'quote' });
  }
  return {
    type: 'ClaimIdentified',
    data: { articleId: article.articleId, claimId: deps.newId(), quote, occurrence, ...anchor, claimant, claimedAt },
    metadata,
  };
}

function recordVerdict({ data }: RecordVerdict, state: ArticleState | null, metadata: EventMetadata): VerdictRecorded {
  const verdict = validVerdict(data.verdict);
  const rationale = normalizeText('rationale', data.rationale, LIMITS.rationale);
  const sources = normalizeSources(data.sources);
  const article = existing(state, data.articleId);
  const claim = existingClaim(article, data.claimId);
  const wasLaterDisproven = isLaterDisproven(claim.verdicts);
  const laterDisproven = isLaterDisproven([...claim.verdicts, verdict]);
  // Only news counts: a claim already known disproven when the article went out needs no correction,
  // and a withdrawn one needs none either, its words having left the text before publication.
  const correctionNeeded = article.publishedAt !== null && claim.status === 'active' && laterDisproven && !wasLaterDisproven;
  return {
    type: 'VerdictRecorded',
    data: { articleId: article.articleId, claimId: claim.claimId, verdict, rationale, sources, laterDisproven, correctionNeeded },
    metadata,
  };
}

function submitTranslation({ data }: SubmitTranslation, state: ArticleState | null, metadata: EventMetadata, deps: DecideDeps): TranslationSubmitted {
  const language = canonicalLanguage('language', data.language);
  const translatedTitle = title('title', data.title);
  const translatedBody = body('body', data.body);
  const article = unpublished(existing(state, data.articleId));
  if (language === article.language) throw new ArticleRuleError('same_language', `a translation into ${language}, the article's own language, is not a translation`);
  return {
    type: 'TranslationSubmitted',
    data: { articleId: article.articleId, translationId: deps.newId(), language, title: translatedTitle, body: translatedBody },
    metadata,
  };
}

// Reviews stay open after publication: a translation submitted before it would otherwise be
// stuck in `submitted` for good, and approving one is how a published article gains a language.
function approveTranslation({ data, userId }: ApproveTranslation, state: ArticleState | null, metadata: EventMetadata): TranslationApproved {
  const article = existing(state, data.articleId);
  const translation = reviewable(existingTranslation(article, data.translationId), userId);
  return { type: 'TranslationApproved', data: { articleId: article.articleId, translationId: translation.translationId }, metadata };
}

function rejectTranslation({ data, userId }: RejectTranslation, state: ArticleState | null, metadata: EventMetadata): TranslationRejected {
  const reason = normalizeText('reason', data.reason, LIMITS.reason);
  const article = existing(state, data.articleId);
  const translation = reviewable(existingTranslation(article, data.translationId), userId);
  return { type: 'TranslationRejected', data: { articleId: article.articleId, translationId: translation.translationId, reason }, metadata };
}

function publishArticle({ data }: PublishArticle, state: ArticleState | null, metadata: EventMetadata): ArticlePublished {
  const article = existing(state, data.articleId);
  if (article.publishedAt !== null) throw new ArticleRuleError('already_published', `article ${article.articleId} was published at ${article.publishedAt}`);
  const { unmet } = readinessOf(article);
  if (unmet.length > 0) throw new ArticleRuleError('not_ready', `article ${article.articleId} has ${unmet.length} unmet publishing condition(s)`, { unmet });
  return { type: 'ArticlePublished', data: { articleId: article.articleId }, metadata };
}

function unpublished(article: ArticleState): ArticleState {
  if (article.publishedAt !== null) throw new ArticleRuleError('article_published', `article ${article.articleId} is published and can no longer change`);
  return article;
}

function reviewable(translation: TranslationState, reviewerId: string): TranslationState {
  if (translation.translatorId === reviewerId) throw new ArticleRuleError('own_translation', 'no one reviews their own translation');
  if (translation.status !== 'submitted') throw new ArticleRuleError('translation_not_submitted', `translation ${translation.translationId} is ${translation.status}, not submitted`);
  return translation;
}
