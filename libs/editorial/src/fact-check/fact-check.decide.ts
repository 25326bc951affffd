import type { DecideDeps } from '../article/article.decide.js';
import { ArticleRuleError } from '../article/article.errors.js';
import type { EventMetadata } from '../article/article.events.js';
import {
  BOUNDS,
  LIMITS,
  canonicalLanguage,
  normalizeOptionalText,
  normalizeSources,
  normalizeText,
  roomForOneMore,
  validClaimedAt,
  validVerdict,
} from '../article/article.input.js';
import { isLaterDisproven } from '../article/article.state.js';
import type { CreateFactCheck, FactCheckCommand, LinkFactCheckAppearance, RecordFactCheckVerdict } from './fact-check.commands.js';
import type { FactCheckAppearanceLinked, FactCheckCreated, FactCheckEvent, FactCheckVerdictRecorded } from './fact-check.events.js';
import type { FactCheckState } from './fact-check.state.js';

/**
 * Decides what a command means for a fact-check: exactly one event, or an ArticleRuleError (the
 * editorial domain's one rule error). Same order as articles: input, existence, rules.
 */
export function decideFactCheck(command: FactCheckCommand, state: FactCheckState | null, deps: DecideDeps): FactCheckEvent[] {
  const metadata: EventMetadata = { userId: command.userId, at: deps.now().toISOString() };
  switch (command.type) {
    case 'CreateFactCheck':
      return [createFactCheck(command, state, metadata)];
    case 'RecordFactCheckVerdict':
      return [recordFactCheckVerdict(command, state, metadata, deps)];
    case 'LinkFactCheckAppearance':
      return [linkAppearance(command, state, metadata)];
    default:
      throw new Error(`Unknown fact-check command ${(command as { type: string }).type}`);
  }
}

function createFactCheck({ data }: CreateFactCheck, state: FactCheckState | null, metadata: EventMetadata): FactCheckCreated {
  const fields = {
    statement: normalizeText('statement', data.statement, LIMITS.statement),
    language: canonicalLanguage('language', data.language),
    claimant: normalizeOptionalText('claimant', data.claimant, LIMITS.claimant),
    claimedAt: validClaimedAt(data.claimedAt),
  };
  if (state !== null) throw new ArticleRuleError('fact_check_exists', `fact-check ${data.factCheckId} already exists`);
  return { type: 'FactCheckCreated', data: { factCheckId: data.factCheckId, ...fields }, metadata };
}

function recordFactCheckVerdict({ data }: RecordFactCheckVerdict, state: FactCheckState | null, metadata: EventMetadata, deps: DecideDeps): FactCheckVerdictRecorded {
  const verdict = validVerdict(data.verdict);
  const rationale = normalizeText('rationale', data.rationale, LIMITS.rationale);
  const sources = normalizeSources(data.sources);
  const factCheck = existing(state, data.factCheckId);
  roomForOneMore(factCheck.verdicts.length, BOUNDS.verdictsPerFactCheck, `fact-check ${factCheck.factCheckId}: verdicts`);
  const laterDisproven = isLaterDisproven([...factCheck.verdicts, verdict]);
  return { type: 'FactCheckVerdictRecorded', data: { factCheckId: factCheck.factCheckId, verdictId: deps.newId(), verdict, rationale, sources, laterDisproven }, metadata };
}

function linkAppearance({ data }: LinkFactCheckAppearance, state: FactCheckState | null, metadata: EventMetadata): FactCheckAppearanceLinked {
  const factCheck = existing(state, data.factCheckId);
  if (factCheck.appearances.some((appearance) => appearance.claimId === data.claimId)) {
    throw new ArticleRuleError('claim_linked', `claim ${data.claimId} already appears in fact-check ${factCheck.factCheckId}`);
  }
  roomForOneMore(factCheck.appearances.length, BOUNDS.appearancesPerFactCheck, `fact-check ${factCheck.factCheckId}: appearances`);
  return { type: 'FactCheckAppearanceLinked', data: { factCheckId: factCheck.factCheckId, articleId: data.articleId, claimId: data.claimId }, metadata };
}

function existing(state: FactCheckState | null, factCheckId: string): FactCheckState {
  if (state === null) throw new ArticleRuleError('fact_check_not_found', `fact-check ${factCheckId} does not exist`);
  return state;
}
