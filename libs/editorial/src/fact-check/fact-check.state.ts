import type { Source, Verdict } from '../article/article.events.js';

export interface FactCheckVerdictEntry {
  verdictId: string;
  verdict: Verdict;
  rationale: string;
  sources: Source[];
  by: string;
  at: string;
}

export interface FactCheckAppearance {
  articleId: string;
  claimId: string;
}

export interface FactCheckState {
  factCheckId: string;
  statement: string;
  language: string;
  claimant: string | null;
  claimedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Number of events in the fact-check's stream. */
  version: number;
  /** Oldest first. */
  verdicts: FactCheckVerdictEntry[];
  /** In the order they were linked. */
  appearances: FactCheckAppearance[];
}
