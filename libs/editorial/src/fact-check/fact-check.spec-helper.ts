import type { EventMetadata, Verdict } from '../article/article.events.js';
import { AT, FACT_CHECKER, givenDecider } from '../article/article.spec-helper.js';
import type { FactCheckCommand } from './fact-check.commands.js';
import { decideFactCheck } from './fact-check.decide.js';
import type * as E from './fact-check.events.js';
import { foldFactCheck } from './fact-check.evolve.js';

export const FACT_CHECK_ID = 'fact-check-wmd';
export const STATEMENT = 'العراق يمتلك أسلحة دمار شامل';
export const VERDICT_ID = 'verdict-1f2e';

const meta = (userId: string): EventMetadata => ({ userId, at: AT });

export const aFactCheck = (data: Partial<E.FactCheckCreated['data']> = {}, by = FACT_CHECKER): E.FactCheckCreated => ({
  type: 'FactCheckCreated',
  data: { factCheckId: FACT_CHECK_ID, statement: STATEMENT, language: 'ar', claimant: null, claimedAt: null, ...data },
  metadata: meta(by),
});
export const aFactCheckVerdict = (verdict: Verdict, data: Partial<E.FactCheckVerdictRecorded['data']> = {}, by = FACT_CHECKER): E.FactCheckVerdictRecorded => ({
  type: 'FactCheckVerdictRecorded',
  data: { factCheckId: FACT_CHECK_ID, verdictId: VERDICT_ID, verdict, rationale: 'تقرير مجموعة مسح العراق', sources: [], laterDisproven: false, ...data },
  metadata: meta(by),
});
export const anAppearance = (articleId: string, claimId: string, by = FACT_CHECKER): E.FactCheckAppearanceLinked => ({
  type: 'FactCheckAppearanceLinked',
  data: { factCheckId: FACT_CHECK_ID, articleId, claimId },
  metadata: meta(by),
});

export const givenFactCheck = givenDecider<FactCheckCommand, E.FactCheckEvent, ReturnType<typeof foldFactCheck>>(foldFactCheck, decideFactCheck);
