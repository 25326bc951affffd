import type { Source, Verdict } from '../article/article.events.js';

/** What a user (or the app, for appearances) asks a FactCheck to do; plain data, validated by decideFactCheck. */
interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  /** The acting user (JWT `sub`); recorded as `metadata.userId`. */
  userId: string;
}

/** The fact-check id is chosen by the caller, which needs the stream name before anything is written. */
export type CreateFactCheck = Command<
  'CreateFactCheck',
  { factCheckId: string; statement: string; language: string; claimant?: string | null; claimedAt?: string | null }
>;

export type RecordFactCheckVerdict = Command<
  'RecordFactCheckVerdict',
  { factCheckId: string; verdict: Verdict; rationale: string; sources?: Source[] }
>;

/** Reserves an appearance before the article claim links; see FactCheckAppearanceLinked. */
export type LinkFactCheckAppearance = Command<'LinkFactCheckAppearance', { factCheckId: string; articleId: string; claimId: string }>;

export type FactCheckCommand = CreateFactCheck | RecordFactCheckVerdict | LinkFactCheckAppearance;

export type FactCheckCommandType = FactCheckCommand['type'];
