import { describe, expect, it } from '@jest/globals';
import { FACT_CHECKER } from '../article/article.spec-helper.js';
import { factCheckFollowUps } from './fact-check.follow-ups.js';
import { foldFactCheck } from './fact-check.evolve.js';
import { aFactCheck, aFactCheckVerdict, anAppearance, FACT_CHECK_ID, VERDICT_ID } from './fact-check.spec-helper.js';

const RATIONALE = 'تقرير مجموعة مسح العراق';

describe('factCheckFollowUps', () => {
  it('asks nothing of the articles when a fact-check is created', () => {
    expect(factCheckFollowUps(null, aFactCheck())).toEqual([]);
  });

  it('sends a verdict to every appearance linked before it, with its verdict id as the cause', () => {
    const before = foldFactCheck([aFactCheck(), anAppearance('article-1', 'claim-1'), anAppearance('article-2', 'claim-2')]);
    expect(factCheckFollowUps(before, aFactCheckVerdict('false', { laterDisproven: true }, 'checker-huda'))).toEqual(
      ['1', '2'].map((n) => ({
        type: 'RecordFactCheckVerdictOnClaim',
        userId: 'checker-huda',
        data: { articleId: `article-${n}`, claimId: `claim-${n}`, factCheckId: FACT_CHECK_ID, causationId: VERDICT_ID, verdict: 'false', rationale: RATIONALE, sources: [] },
      })),
    );
    expect(factCheckFollowUps(foldFactCheck([aFactCheck()]), aFactCheckVerdict('true'))).toEqual([]);
  });

  it('completes a link with the verdicts recorded before the appearance', () => {
    const before = foldFactCheck([aFactCheck(), aFactCheckVerdict('unverifiable')]);
    expect(factCheckFollowUps(before, anAppearance('article-1', 'claim-1'))).toEqual([
      {
        type: 'CompleteFactCheckLink',
        userId: FACT_CHECKER,
        data: { articleId: 'article-1', claimId: 'claim-1', factCheckId: FACT_CHECK_ID, verdicts: [{ verdictId: VERDICT_ID, verdict: 'unverifiable', rationale: RATIONALE, sources: [], by: FACT_CHECKER, at: expect.any(String) }] },
      },
    ]);
  });
});
