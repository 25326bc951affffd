import { describe, expect, it } from '@jest/globals';
import type { FactCheckVerdictEntry } from '../fact-check/fact-check.state.js';
import type { ArticleCommand } from './article.commands.js';
import type { ArticleEvent, ClaimLinkedToFactCheck, LinkedVerdict, Verdict } from './article.events.js';
import { foldArticle } from './article.evolve.js';
import {
  aClaim,
  aCorrectionOpened,
  aDraft,
  aPublication,
  aRetraction,
  aRevision,
  ARTICLE_ID,
  AT,
  aVerdict,
  BODY,
  CLAIM_ID,
  FACT_CHECKER,
  FIRST_QUOTE,
  given,
  OTHER_CLAIM_ID,
} from './article.spec-helper.js';

const FACT_CHECK_ID = 'fact-check-wmd';
const OTHER_FACT_CHECK_ID = 'fact-check-other';
const CHECKED_AT = '2003-03-01T00:00:00.000Z';
const RATIONALE = 'تقرير مجموعة مسح العراق';

const entry = (verdict: Verdict, verdictId: string): FactCheckVerdictEntry => ({ verdictId, verdict, rationale: RATIONALE, sources: [], by: 'checker-huda', at: CHECKED_AT });
const replayed = (verdict: Verdict, causationId: string): LinkedVerdict => ({ causationId, verdict, rationale: RATIONALE, sources: [], by: 'checker-huda', at: CHECKED_AT });
const link = (verdicts: FactCheckVerdictEntry[] = [], claimId = CLAIM_ID, factCheckId = FACT_CHECK_ID): ArticleCommand => ({
  type: 'LinkClaimToFactCheck',
  userId: FACT_CHECKER,
  data: { articleId: ARTICLE_ID, claimId, factCheckId, verdicts },
});
const aLink = (data: Partial<ClaimLinkedToFactCheck['data']> = {}): ClaimLinkedToFactCheck => ({
  type: 'ClaimLinkedToFactCheck',
  data: { articleId: ARTICLE_ID, claimId: CLAIM_ID, factCheckId: FACT_CHECK_ID, verdicts: [], laterDisproven: false, correctionNeeded: false, ...data },
  metadata: { userId: FACT_CHECKER, at: AT },
});
const propagate = (verdict: Verdict, causationId: string, claimId = CLAIM_ID, factCheckId = FACT_CHECK_ID): ArticleCommand => ({
  type: 'RecordFactCheckVerdictOnClaim',
  userId: 'checker-huda',
  data: { articleId: ARTICLE_ID, claimId, factCheckId, causationId, verdict, rationale: RATIONALE },
});
const propagated = (verdict: Verdict, causationId: string, consequences: { laterDisproven?: boolean; correctionNeeded?: boolean } = {}): ArticleEvent => {
  const event = aVerdict(verdict, { rationale: RATIONALE, ...consequences, factCheckId: FACT_CHECK_ID, causationId }, 'checker-huda');
  return { ...event, metadata: { ...event.metadata, causationId } };
};
const direct: ArticleCommand = { type: 'RecordVerdict', userId: FACT_CHECKER, data: { articleId: ARTICLE_ID, claimId: CLAIM_ID, verdict: 'true', rationale: RATIONALE } };

describe('LinkClaimToFactCheck', () => {
  it('makes the claim follow the fact-check, recording its verdicts so far in order', () => {
    const state = given([aDraft(), aClaim()])
      .when(link([entry('unverifiable', 'v1'), entry('mostly_true', 'v2')]))
      .then([aLink({ verdicts: [replayed('unverifiable', 'v1'), replayed('mostly_true', 'v2')] })]);
    expect(state?.claims[0]).toMatchObject({
      factCheckId: FACT_CHECK_ID,
      verdicts: [
        { verdict: 'unverifiable', by: 'checker-huda', at: CHECKED_AT, factCheckId: FACT_CHECK_ID, causationId: 'v1' },
        { verdict: 'mostly_true', factCheckId: FACT_CHECK_ID, causationId: 'v2' },
      ],
    });
  });

  it('links a fact-check with no verdict yet', () => {
    given([aDraft(), aClaim()]).when(link()).then([aLink()]);
  });

  it('applies the consequences of the verdicts it brings: later disproven, and a correction on a published article', () => {
    given([aDraft(), aClaim(), aVerdict('true')]).when(link([entry('false', 'v1')])).then([aLink({ verdicts: [replayed('false', 'v1')], laterDisproven: true })]);
    const state = given([aDraft(), aClaim(), aVerdict('true'), aPublication()])
      .when(link([entry('false', 'v1')]))
      .then([aLink({ verdicts: [replayed('false', 'v1')], laterDisproven: true, correctionNeeded: true })]);
    expect(state?.correctionNeeded).toBe(true);
    given([aDraft(), aClaim(), aPublication()])
      .when(link([entry('true', 'v1'), entry('false', 'v2')]))
      .then([aLink({ verdicts: [replayed('true', 'v1'), replayed('false', 'v2')], laterDisproven: true, correctionNeeded: true })]);
  });

  it('refuses a claim already linked, to any fact-check, and a withdrawn claim', () => {
    given([aDraft(), aClaim(), aLink()]).when(link()).thenFails('claim_linked');
    given([aDraft(), aClaim(), aLink()]).when(link([], CLAIM_ID, OTHER_FACT_CHECK_ID)).thenFails('claim_linked');
    given([aDraft(), aClaim(), aRevision({ body: 'نص جديد', withdrawnClaimIds: [CLAIM_ID] })]).when(link()).thenFails('claim_withdrawn');
  });

  it('validates what the app passes: the fact-check id and at most 100 well-formed verdicts', () => {
    given([aDraft(), aClaim()]).when({ ...link(), data: { ...link().data, factCheckId: '' } } as ArticleCommand).thenFails('invalid_input', { field: 'factCheckId' });
    given([aDraft(), aClaim()]).when({ ...link(), data: { ...link().data, verdicts: null } } as unknown as ArticleCommand).thenFails('invalid_input', { field: 'verdicts' });
    const many = Array.from({ length: 101 }, (_, i) => entry('mixed', `v${i}`));
    given([aDraft(), aClaim()]).when(link(many)).thenFails('invalid_input', { field: 'verdicts' });
    given([aDraft(), aClaim()]).when(link([{ ...entry('mixed', 'v1'), verdict: 'fake' as Verdict }])).thenFails('invalid_input', { field: 'verdict' });
    given([aDraft(), aClaim()]).when(link([entry('mixed', '')])).thenFails('invalid_input', { field: 'verdicts[0].verdictId' });
  });

  it('refuses an unknown article or claim and a retracted article', () => {
    given([]).when(link()).thenFails('article_not_found');
    given([aDraft(), aClaim()]).when(link([], OTHER_CLAIM_ID)).thenFails('claim_not_found');
    given([aDraft(), aClaim(), aPublication(), aRetraction()]).when(link()).thenFails('article_retracted');
  });

  it('links claims of published and correcting articles', () => {
    given([aDraft(), aClaim(), aVerdict('true'), aPublication()]).when(link()).then([aLink()]);
    given([aDraft(), aClaim(), aVerdict('true'), aPublication(), aCorrectionOpened()]).when(link()).then([aLink()]);
  });
});

describe('CompleteFactCheckLink', () => {
  const complete = (verdicts: FactCheckVerdictEntry[] = [], factCheckId = FACT_CHECK_ID): ArticleCommand => ({
    type: 'CompleteFactCheckLink',
    userId: FACT_CHECKER,
    data: { articleId: ARTICLE_ID, claimId: CLAIM_ID, factCheckId, verdicts },
  });

  it('links as LinkClaimToFactCheck does', () => {
    given([aDraft(), aClaim(), aVerdict('true'), aPublication()])
      .when(complete([entry('false', 'v1')]))
      .then([aLink({ verdicts: [replayed('false', 'v1')], laterDisproven: true, correctionNeeded: true })]);
  });

  it('records nothing where a link is refused: already following any fact-check, withdrawn, retracted', () => {
    given([aDraft(), aClaim(), aLink()]).when(complete()).then([]);
    given([aDraft(), aClaim(), aLink()]).when(complete([], OTHER_FACT_CHECK_ID)).then([]);
    given([aDraft(), aClaim(), aRevision({ body: 'نص جديد', withdrawnClaimIds: [CLAIM_ID] })]).when(complete()).then([]);
    given([aDraft(), aClaim(), aPublication(), aRetraction()]).when(complete()).then([]);
  });

  it('still needs the article and the claim', () => {
    given([]).when(complete()).thenFails('article_not_found');
    given([aDraft()]).when(complete()).thenFails('claim_not_found');
  });
});

describe('a claim that follows a fact-check', () => {
  const linked = [aDraft(), aClaim(), aLink({ verdicts: [replayed('true', 'v1')] })];

  it('refuses a verdict sent to it directly', () => {
    given(linked).when(direct).thenFails('claim_linked');
  });

  it('records each propagated verdict with factCheckId and its cause', () => {
    const state = given(linked).when(propagate('false', 'v2')).then([propagated('false', 'v2', { laterDisproven: true })]);
    expect(state?.claims[0].verdicts.map((verdict) => [verdict.verdict, verdict.causationId])).toEqual([
      ['true', 'v1'],
      ['false', 'v2'],
    ]);
  });

  it('records nothing for a cause it already has, replayed at the link or propagated before', () => {
    given(linked).when(propagate('true', 'v1')).then([]);
    given([...linked, propagated('false', 'v2', { laterDisproven: true })]).when(propagate('false', 'v2')).then([]);
  });

  it('stops receiving verdicts once withdrawn, and ignores a fact-check it does not follow', () => {
    given([...linked, aRevision({ body: 'نص جديد', withdrawnClaimIds: [CLAIM_ID] })]).when(propagate('false', 'v2')).then([]);
    given(linked).when(propagate('false', 'v2', CLAIM_ID, OTHER_FACT_CHECK_ID)).then([]);
    given([aDraft(), aClaim()]).when(propagate('false', 'v2')).then([]);
  });

  it('stays linked when the article is revised and re-anchored', () => {
    const revised = `مقدمة ${BODY}`;
    const state = given(linked)
      .when({ type: 'ReviseDraft', userId: 'editor-rania', data: { articleId: ARTICLE_ID, body: revised } })
      .then([aRevision({ body: revised, reanchoredClaims: [{ claimId: CLAIM_ID, start: FIRST_QUOTE.start + 6, end: FIRST_QUOTE.end + 6 }] })]);
    expect(state?.claims[0].factCheckId).toBe(FACT_CHECK_ID);
    given([...linked, aRevision({ body: revised, reanchoredClaims: [{ claimId: CLAIM_ID, start: FIRST_QUOTE.start + 6, end: FIRST_QUOTE.end + 6 }] })])
      .when(propagate('mixed', 'v2'))
      .then([propagated('mixed', 'v2')]);
  });

  it('sets correctionNeeded on a published article when a propagated verdict disproves it', () => {
    const published = [...linked, aPublication()];
    const state = given(published).when(propagate('false', 'v2')).then([propagated('false', 'v2', { laterDisproven: true, correctionNeeded: true })]);
    expect(state?.correctionNeeded).toBe(true);
  });

  it('still records propagated verdicts on a retracted article, without a correction', () => {
    given([...linked, aPublication(), aRetraction()]).when(propagate('false', 'v2')).then([propagated('false', 'v2', { laterDisproven: true })]);
  });

  it('takes propagated verdicts past the claim\'s own bound: the fact-check\'s bound caps them', () => {
    const own = Array.from({ length: 100 }, () => aVerdict('mixed'));
    const state = foldArticle([aDraft(), aClaim(), ...own, aLink()]);
    expect(state?.claims[0].verdicts).toHaveLength(100);
    given([aDraft(), aClaim(), ...own, aLink()]).when(propagate('mixed', 'v1')).then([propagated('mixed', 'v1')]);
  });

  it('validates the propagated verdict', () => {
    given(linked).when({ ...propagate('false', 'v2'), data: { ...propagate('false', 'v2').data, causationId: '' } } as ArticleCommand).thenFails('invalid_input', { field: 'causationId' });
    given(linked).when(propagate('fake' as Verdict, 'v2')).thenFails('invalid_input', { field: 'verdict' });
    given([]).when(propagate('false', 'v2')).thenFails('article_not_found');
    given(linked).when(propagate('false', 'v2', OTHER_CLAIM_ID)).thenFails('claim_not_found');
  });
});
