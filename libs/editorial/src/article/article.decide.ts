import type {
  ApproveTranslation,
  ArticleCommand,
  CompleteFactCheckLink,
  DraftArticle,
  IdentifyClaim,
  LinkClaimToFactCheck,
  OpenCorrection,
  PublishArticle,
  PublishCorrection,
  RetractArticle,
  RecordFactCheckVerdictOnClaim,
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
  ArticleRetracted,
  ClaimAnchor,
  ClaimIdentified,
  ClaimLinkedToFactCheck,
  CorrectionOpened,
  CorrectionPublished,
  DraftRevised,
  EventMetadata,
  TranslationApproved,
  TranslationRejected,
  TranslationSubmitted,
  Verdict,
  VerdictRecorded,
} from './article.events.js';
import type { ArticleState, ClaimState, TranslationState } from './article.state.js';
import { existing, existingClaim, existingCorrection, existingTranslation } from './article.exists.js';
import { isLaterDisproven, publishedTranslationIds } from './article.state.js';
import { readinessOf } from './readiness.js';
import {
  BOUNDS,
  LIMITS,
  assertRevisesSomething,
  canonicalLanguage,
  roomForOneMore,
  canonicalLanguages,
  normalizeOptionalText,
  normalizeSources,
  normalizeText,
  linkedVerdicts,
  validClaimedAt,
  validId,
  validOccurrence,
  validVerdict,
} from './article.input.js';
import { anchorClaimQuote, editMapping, reanchorer } from './anchoring.js';

export interface DecideDeps {
  now: () => Date;
  newId: () => string;
}

/**
 * Decides what a command means for an article: exactly one event, or an ArticleRuleError. The
 * exceptions are the process manager's commands, CompleteFactCheckLink and
 * RecordFactCheckVerdictOnClaim, which answer no event when there is nothing (more) to record,
 * so that they can be repeated safely.
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
    case 'OpenCorrection':
      return [openCorrection(command, state, metadata, deps)];
    case 'PublishCorrection':
      return [publishCorrection(command, state, metadata)];
    case 'RetractArticle':
      return [retractArticle(command, state, metadata)];
    case 'LinkClaimToFactCheck':
      return [linkClaimToFactCheck(command, state, metadata)];
    case 'CompleteFactCheckLink':
      return completeFactCheckLink(command, state, metadata);
    case 'RecordFactCheckVerdictOnClaim':
      return recordFactCheckVerdictOnClaim(command, state, metadata);
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
  const article = editable(existing(state, data.articleId));
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
  const article = editable(existing(state, data.articleId));
  roomForOneMore(article.claims.length, BOUNDS.claimsPerArticle, `article ${article.articleId}: claims`);
  const anchor = anchorClaimQuote(article.body, quote, occurrence);
  if (anchor === null) {
    const where = occurrence === 1 ? 'in the body' : `${occurrence} times in the body`;
    throw new ArticleRuleError('quote_not_found', `the quote does not occur ${where}, as typed or normalised`, { field: 'quote' });
  }
  const { start, end } = anchor;
  const asTyped = anchor.normalized ? { submittedQuote: quote } : {};
  return {
    type: 'ClaimIdentified',
    data: { articleId: article.articleId, claimId: deps.newId(), quote: anchor.quote, occurrence, start, end, claimant, claimedAt, ...asTyped },
    metadata,
  };
}

function recordVerdict({ data }: RecordVerdict, state: ArticleState | null, metadata: EventMetadata): VerdictRecorded {
  const verdict = validVerdict(data.verdict);
  const rationale = normalizeText('rationale', data.rationale, LIMITS.rationale);
  const sources = normalizeSources(data.sources);
  const article = existing(state, data.articleId);
  const claim = existingClaim(article, data.claimId);
  if (claim.factCheckId !== null) throw new ArticleRuleError('claim_linked', `claim ${claim.claimId} follows fact-check ${claim.factCheckId}: record the verdict there`);
  roomForOneMore(claim.verdicts.length, BOUNDS.verdictsPerClaim, `claim ${claim.claimId}: verdicts`);
  const { laterDisproven, correctionNeeded } = verdictConsequences(article, claim, [verdict]);
  return {
    type: 'VerdictRecorded',
    data: { articleId: article.articleId, claimId: claim.claimId, verdict, rationale, sources, laterDisproven, correctionNeeded },
    metadata,
  };
}

// Linking adds only verdicts, which a published article still takes; a retracted one takes
// nothing but verdicts, and a link is a decision about the article, not a verdict.
function linkClaimToFactCheck({ data }: LinkClaimToFactCheck, state: ArticleState | null, metadata: EventMetadata): ClaimLinkedToFactCheck {
  const factCheckId = validId('factCheckId', data.factCheckId);
  const verdicts = linkedVerdicts(data.verdicts);
  const article = notRetracted(existing(state, data.articleId));
  const claim = existingClaim(article, data.claimId);
  if (claim.factCheckId !== null) throw new ArticleRuleError('claim_linked', `claim ${claim.claimId} already follows fact-check ${claim.factCheckId}`);
  if (claim.status === 'withdrawn') throw new ArticleRuleError('claim_withdrawn', `claim ${claim.claimId} was withdrawn: its quote left the text`);
  const consequences = verdictConsequences(article, claim, verdicts.map((entry) => entry.verdict));
  return { type: 'ClaimLinkedToFactCheck', data: { articleId: article.articleId, claimId: claim.claimId, factCheckId, verdicts, ...consequences }, metadata };
}

function completeFactCheckLink({ data }: CompleteFactCheckLink, state: ArticleState | null, metadata: EventMetadata): ClaimLinkedToFactCheck[] {
  const factCheckId = validId('factCheckId', data.factCheckId);
  const verdicts = linkedVerdicts(data.verdicts);
  const article = existing(state, data.articleId);
  const claim = existingClaim(article, data.claimId);
  if (claim.factCheckId !== null || claim.status === 'withdrawn' || article.retractedAt !== null) return [];
  const consequences = verdictConsequences(article, claim, verdicts.map((entry) => entry.verdict));
  return [{ type: 'ClaimLinkedToFactCheck', data: { articleId: article.articleId, claimId: claim.claimId, factCheckId, verdicts, ...consequences }, metadata }];
}

/**
 * A fact-check verdict reaching one of its appearances. Its own bound is the fact-check's (100
 * verdicts): a claim that follows one takes no verdicts of its own, and refusing one here would
 * stall the propagation for good.
 */
function recordFactCheckVerdictOnClaim({ data }: RecordFactCheckVerdictOnClaim, state: ArticleState | null, metadata: EventMetadata): VerdictRecorded[] {
  const verdict = validVerdict(data.verdict);
  const rationale = normalizeText('rationale', data.rationale, LIMITS.rationale);
  const sources = normalizeSources(data.sources);
  const factCheckId = validId('factCheckId', data.factCheckId);
  const causationId = validId('causationId', data.causationId);
  const article = existing(state, data.articleId);
  const claim = existingClaim(article, data.claimId);
  if (claim.factCheckId !== factCheckId || claim.status === 'withdrawn') return [];
  if (claim.verdicts.some((entry) => entry.causationId === causationId)) return [];
  const consequences = verdictConsequences(article, claim, [verdict]);
  return [
    {
      type: 'VerdictRecorded',
      data: { articleId: article.articleId, claimId: claim.claimId, verdict, rationale, sources, ...consequences, factCheckId, causationId },
      metadata: { ...metadata, causationId },
    },
  ];
}

function submitTranslation({ data }: SubmitTranslation, state: ArticleState | null, metadata: EventMetadata, deps: DecideDeps): TranslationSubmitted {
  const language = canonicalLanguage('language', data.language);
  const translatedTitle = title('title', data.title);
  const translatedBody = body('body', data.body);
  const article = editable(existing(state, data.articleId));
  if (language === article.language) throw new ArticleRuleError('same_language', `a translation into ${language}, the article's own language, is not a translation`);
  roomForOneMore(article.translations.length, BOUNDS.translationsPerArticle, `article ${article.articleId}: translations`);
  return {
    type: 'TranslationSubmitted',
    data: { articleId: article.articleId, translationId: deps.newId(), language, title: translatedTitle, body: translatedBody },
    metadata,
  };
}

/**
 * What recording `verdicts` on a claim means. Only news counts: a claim already later disproven
 * when the article last went out needs no correction for one more `false`, and a withdrawn one
 * needs none, its words having left the text. A retracted article is read by no one.
 */
function verdictConsequences(article: ArticleState, claim: ClaimState, verdicts: readonly Verdict[]): { laterDisproven: boolean; correctionNeeded: boolean } {
  const wasLaterDisproven = isLaterDisproven(claim.verdicts);
  const laterDisproven = isLaterDisproven([...claim.verdicts, ...verdicts]);
  const readersHaveIt = article.published !== null && article.retractedAt === null;
  return { laterDisproven, correctionNeeded: readersHaveIt && claim.status === 'active' && laterDisproven && !wasLaterDisproven };
}

// Reviews stay open after publication: a translation submitted before it would otherwise be
// stuck in `submitted` for good, and approving one is how a published article gains a language.
function approveTranslation({ data, userId }: ApproveTranslation, state: ArticleState | null, metadata: EventMetadata): TranslationApproved {
  const article = existing(state, data.articleId);
  const translation = reviewable(article, existingTranslation(article, data.translationId), userId);
  const published = article.published !== null && article.openCorrectionId === null;
  return { type: 'TranslationApproved', data: { articleId: article.articleId, translationId: translation.translationId, published }, metadata };
}

function rejectTranslation({ data, userId }: RejectTranslation, state: ArticleState | null, metadata: EventMetadata): TranslationRejected {
  const reason = normalizeText('reason', data.reason, LIMITS.reason);
  const article = existing(state, data.articleId);
  const translation = reviewable(article, existingTranslation(article, data.translationId), userId);
  return { type: 'TranslationRejected', data: { articleId: article.articleId, translationId: translation.translationId, reason }, metadata };
}

function publishArticle({ data }: PublishArticle, state: ArticleState | null, metadata: EventMetadata): ArticlePublished {
  const article = notRetracted(existing(state, data.articleId));
  if (article.publishedAt !== null) throw new ArticleRuleError('already_published', `article ${article.articleId} was published at ${article.publishedAt}`);
  ready(article);
  return { type: 'ArticlePublished', data: { articleId: article.articleId, publishedTranslationIds: publishedTranslationIds(article) }, metadata };
}

function openCorrection({ data }: OpenCorrection, state: ArticleState | null, metadata: EventMetadata, deps: DecideDeps): CorrectionOpened {
  const reason = normalizeText('reason', data.reason, LIMITS.reason);
  const article = published(existing(state, data.articleId));
  if (article.openCorrectionId !== null) throw new ArticleRuleError('correction_open', `correction ${article.openCorrectionId} of article ${article.articleId} is already open`);
  return { type: 'CorrectionOpened', data: { articleId: article.articleId, correctionId: deps.newId(), reason }, metadata };
}

function publishCorrection({ data }: PublishCorrection, state: ArticleState | null, metadata: EventMetadata): CorrectionPublished {
  const note = normalizeText('note', data.note, LIMITS.note);
  const article = existing(state, data.articleId);
  const correction = existingCorrection(article, data.correctionId);
  notRetracted(article);
  if (article.openCorrectionId !== correction.correctionId) {
    throw new ArticleRuleError('correction_not_open', `correction ${correction.correctionId} is not the open correction of article ${article.articleId}`);
  }
  ready(article);
  return {
    type: 'CorrectionPublished',
    data: {
      articleId: article.articleId,
      correctionId: correction.correctionId,
      note,
      publishedTranslationIds: publishedTranslationIds(article),
      correctionNeededSince: article.correctionNeededSince,
    },
    metadata,
  };
}

function retractArticle({ data }: RetractArticle, state: ArticleState | null, metadata: EventMetadata): ArticleRetracted {
  const reason = normalizeText('reason', data.reason, LIMITS.reason);
  const article = published(existing(state, data.articleId));
  return { type: 'ArticleRetracted', data: { articleId: article.articleId, reason, abandonedCorrectionId: article.openCorrectionId }, metadata };
}

function notRetracted(article: ArticleState): ArticleState {
  if (article.retractedAt !== null) throw new ArticleRuleError('article_retracted', `article ${article.articleId} was retracted at ${article.retractedAt}`);
  return article;
}

/** The working copy takes revisions, claims and translations: a draft, or a published article under correction. */
function editable(article: ArticleState): ArticleState {
  notRetracted(article);
  if (article.publishedAt !== null && article.openCorrectionId === null) {
    throw new ArticleRuleError('article_published', `article ${article.articleId} is published: open a correction to change it`);
  }
  return article;
}

/** Published or correcting: what corrections and retractions need. */
function published(article: ArticleState): ArticleState {
  notRetracted(article);
  if (article.publishedAt === null) throw new ArticleRuleError('not_published', `article ${article.articleId} has not been published`);
  return article;
}

function ready(article: ArticleState): void {
  const { unmet } = readinessOf(article);
  if (unmet.length > 0) throw new ArticleRuleError('not_ready', `article ${article.articleId} has ${unmet.length} unmet publishing condition(s)`, { unmet });
}

function reviewable(article: ArticleState, translation: TranslationState, reviewerId: string): TranslationState {
  if (translation.translatorId === reviewerId) throw new ArticleRuleError('own_translation', 'no one reviews their own translation');
  notRetracted(article);
  if (translation.status !== 'submitted') throw new ArticleRuleError('translation_not_submitted', `translation ${translation.translationId} is ${translation.status}, not submitted`);
  return translation;
}
