import type { FactCheckVerdictEntry } from '../fact-check/fact-check.state.js';
import type { Source, Verdict } from './article.events.js';

/**
 * What a user asks the Article aggregate to do. Plain data: the app layer builds them from
 * requests, `decide` validates and normalises every field itself. Every command names its
 * article so the caller knows which stream to load; the article id of a new draft is chosen
 * by the caller, which needs the stream name before anything is written.
 */
interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  /** The acting user (JWT `sub`); recorded as `metadata.userId`. */
  userId: string;
}

export type DraftArticle = Command<
  'DraftArticle',
  {
    articleId: string;
    title: string;
    body: string;
    language: string;
    byline?: string | null;
    source?: string | null;
    targetLanguages?: string[];
  }
>;

/** At least one of `title` and `body`. */
export type ReviseDraft = Command<'ReviseDraft', { articleId: string; title?: string; body?: string }>;

export type IdentifyClaim = Command<
  'IdentifyClaim',
  {
    articleId: string;
    quote: string;
    /** 1-based; default 1. */
    occurrence?: number;
    claimant?: string | null;
    /** ISO-8601 date or date-time. */
    claimedAt?: string | null;
  }
>;

export type RecordVerdict = Command<
  'RecordVerdict',
  { articleId: string; claimId: string; verdict: Verdict; rationale: string; sources?: Source[] }
>;

export type SubmitTranslation = Command<
  'SubmitTranslation',
  { articleId: string; language: string; title: string; body: string }
>;

export type ApproveTranslation = Command<'ApproveTranslation', { articleId: string; translationId: string }>;

export type RejectTranslation = Command<'RejectTranslation', { articleId: string; translationId: string; reason: string }>;

export type PublishArticle = Command<'PublishArticle', { articleId: string }>;

/** Opens a correction of a published article; decide picks the correction id. */
export type OpenCorrection = Command<'OpenCorrection', { articleId: string; reason: string }>;

export type PublishCorrection = Command<'PublishCorrection', { articleId: string; correctionId: string; note: string }>;

export type RetractArticle = Command<'RetractArticle', { articleId: string; reason: string }>;

/**
 * Makes a claim follow a fact-check. The app passes the fact-check's verdicts as of the
 * FactCheckAppearanceLinked event it wrote for this link (FactCheckState.verdicts then): they
 * are recorded on the claim in order.
 */
export type LinkClaimToFactCheck = Command<
  'LinkClaimToFactCheck',
  { articleId: string; claimId: string; factCheckId: string; verdicts: readonly FactCheckVerdictEntry[] }
>;

/**
 * LinkClaimToFactCheck for a FactCheckAppearanceLinked already written: sent by the app right
 * after writing it, and by the process manager for every such event, so a link cut short by a
 * crash is finished on restart. Refuses nothing the rules decide: a claim that already follows a
 * fact-check, is withdrawn, or whose article was retracted in between answers no event.
 */
export type CompleteFactCheckLink = Command<
  'CompleteFactCheckLink',
  { articleId: string; claimId: string; factCheckId: string; verdicts: readonly FactCheckVerdictEntry[] }
>;

/**
 * Records a fact-check verdict on a claim that follows it: sent by the process manager, once per
 * appearance, for each FactCheckVerdictRecorded. `causationId` is that event's `verdictId`;
 * `userId` the fact-checker who recorded it. A no-op (no event) when the claim already has a
 * verdict with this cause, is withdrawn, or does not follow this fact-check: so the process
 * manager may send it again after a crash, and needs no other bookkeeping.
 */
export type RecordFactCheckVerdictOnClaim = Command<
  'RecordFactCheckVerdictOnClaim',
  { articleId: string; claimId: string; factCheckId: string; causationId: string; verdict: Verdict; rationale: string; sources?: Source[] }
>;

export type ArticleCommand =
  | DraftArticle
  | ReviseDraft
  | IdentifyClaim
  | RecordVerdict
  | SubmitTranslation
  | ApproveTranslation
  | RejectTranslation
  | PublishArticle
  | OpenCorrection
  | PublishCorrection
  | RetractArticle
  | LinkClaimToFactCheck
  | CompleteFactCheckLink
  | RecordFactCheckVerdictOnClaim;

export type ArticleCommandType = ArticleCommand['type'];
