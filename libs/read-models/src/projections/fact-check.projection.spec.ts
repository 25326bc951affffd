import { describe, expect, it } from '@jest/globals';
import type { ArticleEvent, FactCheckEvent } from '#editorial';
import type { EventToAppend } from '#event-store';
import { RecordedLog } from '../../test/recorded-events.js';
import { projectedEventOf, type AnyProjection } from '../projection.js';
import type { ClaimDocument, FactCheckDocument } from '../read-model.types.js';
import { claimProjection } from './claim.projection.js';
import { factCheckListItemOf, factCheckProjection } from './fact-check.projection.js';

const FACT_CHECK = '7e1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const ARTICLE = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const CLAIM = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const FIRST_VERDICT = '9a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const SECOND_VERDICT = '9b1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const CHECKER = 'checker-omar';
const at = (minute: number) => new Date(Date.UTC(2026, 2, 8, 9, minute)).toISOString();
const meta = (minute: number) => ({ userId: CHECKER, at: at(minute) });
const SOURCE = { url: 'https://example.org/report', title: 'التقرير' };

function factCheckLife(): FactCheckEvent[] {
  return [
    { type: 'FactCheckCreated', data: { factCheckId: FACT_CHECK, statement: 'العراق يمتلك أسلحة دمار شامل', language: 'ar', claimant: 'الحكومة', claimedAt: '2003-02-05' }, metadata: meta(0) },
    { type: 'FactCheckVerdictRecorded', data: { factCheckId: FACT_CHECK, verdictId: FIRST_VERDICT, verdict: 'mostly_true', rationale: 'تقارير', sources: [SOURCE], laterDisproven: false }, metadata: meta(1) },
    { type: 'FactCheckAppearanceLinked', data: { factCheckId: FACT_CHECK, articleId: ARTICLE, claimId: CLAIM }, metadata: meta(2) },
    { type: 'FactCheckVerdictRecorded', data: { factCheckId: FACT_CHECK, verdictId: SECOND_VERDICT, verdict: 'false', rationale: 'لا أسلحة', sources: [], laterDisproven: true }, metadata: meta(4) },
  ];
}

function articleLife(): ArticleEvent[] {
  return [
    { type: 'ClaimIdentified', data: { articleId: ARTICLE, claimId: CLAIM, quote: 'أسلحة دمار شامل', occurrence: 1, start: 5, end: 20, claimant: null, claimedAt: null }, metadata: meta(1) },
    {
      type: 'ClaimLinkedToFactCheck',
      data: {
        articleId: ARTICLE,
        claimId: CLAIM,
        factCheckId: FACT_CHECK,
        verdicts: [{ causationId: FIRST_VERDICT, verdict: 'mostly_true', rationale: 'تقارير', sources: [SOURCE], by: CHECKER, at: at(1) }],
        laterDisproven: false,
        correctionNeeded: false,
      },
      metadata: meta(3),
    },
    {
      type: 'VerdictRecorded',
      data: { articleId: ARTICLE, claimId: CLAIM, verdict: 'false', rationale: 'لا أسلحة', sources: [], laterDisproven: true, correctionNeeded: false, factCheckId: FACT_CHECK, causationId: SECOND_VERDICT },
      metadata: meta(5),
    },
  ];
}

function documents<Document>(projection: AnyProjection, streams: [string, readonly (ArticleEvent | FactCheckEvent)[]][]): Map<string, Document> {
  const log = new RecordedLog();
  for (const [streamId, events] of streams) log.record(streamId, events as EventToAppend[]);
  const result = new Map<string, Document>();
  for (const recorded of log.events) {
    if (!projection.handles.includes(recorded.type)) continue;
    const event = projectedEventOf(recorded);
    for (const id of projection.idsOf(event)) result.set(id, projection.evolve(result.get(id) ?? null, event) as Document);
  }
  return result;
}

describe('fact-check projection', () => {
  it('FactCheckCreated, two verdicts around an appearance → the fact-check with every verdict and appearance', () => {
    const factCheck = documents<FactCheckDocument>(factCheckProjection, [[`fact-check-${FACT_CHECK}`, factCheckLife()]]).get(FACT_CHECK);
    expect(factCheck).toEqual({
      id: FACT_CHECK,
      statement: 'العراق يمتلك أسلحة دمار شامل',
      language: 'ar',
      claimant: 'الحكومة',
      claimedAt: '2003-02-05',
      verdict: 'false',
      laterDisproven: true,
      verdicts: [
        { verdict: 'mostly_true', rationale: 'تقارير', sources: [SOURCE], by: CHECKER, at: at(1) },
        { verdict: 'false', rationale: 'لا أسلحة', sources: [], by: CHECKER, at: at(4) },
      ],
      appearances: [{ articleId: ARTICLE, claimId: CLAIM }],
      createdAt: at(0),
      updatedAt: at(4),
    });
    expect(factCheckProjection.search?.(factCheck!)).toBe('العراق يمتلك أسلحة دمار شامل');
    expect(factCheckListItemOf(factCheck!).verdictCount).toBe(2);
  });

  it('a linked claim follows the fact-check: its replayed and propagated verdicts carry factCheckId', () => {
    const claim = documents<ClaimDocument>(claimProjection, [[`article-${ARTICLE}`, articleLife()]]).get(CLAIM);
    expect(claim).toMatchObject({ factCheckId: FACT_CHECK, verdict: 'false', laterDisproven: true });
    expect(claim?.verdicts).toEqual([
      { verdict: 'mostly_true', rationale: 'تقارير', sources: [SOURCE], by: CHECKER, at: at(1), factCheckId: FACT_CHECK },
      { verdict: 'false', rationale: 'لا أسلحة', sources: [], by: CHECKER, at: at(5), factCheckId: FACT_CHECK },
    ]);
  });
});
