import { describe, expect, it } from '@jest/globals';
import { ARTICLE_ID, AT, CLAIM_ID, FACT_CHECKER, NEW_IDS, OTHER_CLAIM_ID } from '../article/article.spec-helper.js';
import type { FactCheckCommand } from './fact-check.commands.js';
import { factCheckStreamId, isFactCheckEventType } from './fact-check.events.js';
import { foldFactCheck, foldFactCheckAsOf } from './fact-check.evolve.js';
import { aFactCheck, aFactCheckVerdict, anAppearance, FACT_CHECK_ID, givenFactCheck as given, STATEMENT, VERDICT_ID } from './fact-check.spec-helper.js';

const [NEW_ID] = NEW_IDS;
const create = (data: Partial<Extract<FactCheckCommand, { type: 'CreateFactCheck' }>['data']> = {}): FactCheckCommand => ({
  type: 'CreateFactCheck',
  userId: FACT_CHECKER,
  data: { factCheckId: FACT_CHECK_ID, statement: STATEMENT, language: 'ar', ...data },
});
const verdict = (value: string, extra: { rationale?: string; sources?: unknown[] } = {}): FactCheckCommand =>
  ({ type: 'RecordFactCheckVerdict', userId: FACT_CHECKER, data: { factCheckId: FACT_CHECK_ID, verdict: value, rationale: 'تقرير مجموعة مسح العراق', ...extra } }) as FactCheckCommand;
const link = (claimId = CLAIM_ID, articleId = ARTICLE_ID): FactCheckCommand => ({ type: 'LinkFactCheckAppearance', userId: FACT_CHECKER, data: { factCheckId: FACT_CHECK_ID, articleId, claimId } });

describe('CreateFactCheck', () => {
  it('creates a fact-check with its statement in NFC, its language canonical, claimant and claimedAt as for claims', () => {
    given([]).when(create({ statement: 'العراق يمتلك ا\u0654سلحة دمار شامل', language: 'AR', claimant: 'كولن باول', claimedAt: '2003-02-05T10:00:00-05:00' }))
      .then([aFactCheck({ claimant: 'كولن باول', claimedAt: '2003-02-05T15:00:00.000Z' })]);
  });

  it('refuses a statement outside 1–2,000 characters, a bad language or claimedAt, and an existing fact-check', () => {
    given([]).when(create({ statement: '' })).thenFails('invalid_input', { field: 'statement' });
    given([]).when(create({ statement: 'س'.repeat(2_001) })).thenFails('invalid_input', { field: 'statement' });
    given([]).when(create({ statement: 'س'.repeat(2_000) })).then([aFactCheck({ statement: 'س'.repeat(2_000) })]);
    given([]).when(create({ statement: 'نص\u0000' })).thenFails('invalid_input', { field: 'statement' });
    given([]).when(create({ language: 'not a tag' })).thenFails('invalid_input', { field: 'language' });
    given([]).when(create({ claimedAt: 'yesterday' })).thenFails('invalid_input', { field: 'claimedAt' });
    given([]).when(create({ claimant: 'ك'.repeat(301) })).thenFails('invalid_input', { field: 'claimant' });
    given([aFactCheck()]).when(create()).thenFails('fact_check_exists');
  });
});

describe('RecordFactCheckVerdict', () => {
  it('records a verdict with a new verdict id', () => {
    const state = given([aFactCheck()]).when(verdict('true')).then([aFactCheckVerdict('true', { verdictId: NEW_ID })]);
    expect(state).toMatchObject({ version: 2, verdicts: [{ verdictId: NEW_ID, verdict: 'true', by: FACT_CHECKER, at: AT }] });
  });

  it('marks a false verdict after a believed one as later disproven', () => {
    given([aFactCheck(), aFactCheckVerdict('true')]).when(verdict('false')).then([aFactCheckVerdict('false', { verdictId: NEW_ID, laterDisproven: true })]);
    given([aFactCheck(), aFactCheckVerdict('misleading')]).when(verdict('false')).then([aFactCheckVerdict('false', { verdictId: NEW_ID })]);
  });

  it('validates like an article verdict, then needs the fact-check', () => {
    given([aFactCheck()]).when(verdict('fake')).thenFails('invalid_input', { field: 'verdict' });
    given([aFactCheck()]).when(verdict('true', { rationale: '' })).thenFails('invalid_input', { field: 'rationale' });
    given([aFactCheck()]).when(verdict('true', { sources: [{ url: 'ftp://x' }] })).thenFails('invalid_input', { field: 'sources[0].url' });
    given([]).when(verdict('true')).thenFails('fact_check_not_found');
  });

  it('holds 100 verdicts and refuses the 101st with limit_reached', () => {
    const verdicts = (count: number) => Array.from({ length: count }, (_, i) => aFactCheckVerdict('mixed', { verdictId: `v-${i}` }));
    given([aFactCheck(), ...verdicts(99)]).when(verdict('mixed')).then([aFactCheckVerdict('mixed', { verdictId: NEW_ID })]);
    given([aFactCheck(), ...verdicts(100)]).when(verdict('mixed')).thenFails('limit_reached');
  });
});

describe('LinkFactCheckAppearance', () => {
  it('records the appearance', () => {
    const state = given([aFactCheck()]).when(link()).then([anAppearance(ARTICLE_ID, CLAIM_ID)]);
    expect(state?.appearances).toEqual([{ articleId: ARTICLE_ID, claimId: CLAIM_ID }]);
  });

  it('refuses a claim that already appears, and an unknown fact-check', () => {
    given([aFactCheck(), anAppearance(ARTICLE_ID, CLAIM_ID)]).when(link()).thenFails('claim_linked');
    given([aFactCheck(), anAppearance(ARTICLE_ID, CLAIM_ID)]).when(link(OTHER_CLAIM_ID)).then([anAppearance(ARTICLE_ID, OTHER_CLAIM_ID)]);
    given([]).when(link()).thenFails('fact_check_not_found');
  });

  it('holds 1,000 appearances and refuses the 1,001st with limit_reached', () => {
    const appearances = (count: number) => Array.from({ length: count }, (_, i) => anAppearance(`article-${i}`, `claim-${i}`));
    given([aFactCheck(), ...appearances(999)]).when(link()).then([anAppearance(ARTICLE_ID, CLAIM_ID)]);
    given([aFactCheck(), ...appearances(1_000)]).when(link()).thenFails('limit_reached');
  });
});

describe('the fact-check stream', () => {
  it('is fact-check-<id>, with its own registry of event types', () => {
    expect(factCheckStreamId('0f1e')).toBe('fact-check-0f1e');
    expect(isFactCheckEventType('FactCheckVerdictRecorded')).toBe(true);
    expect(isFactCheckEventType('VerdictRecorded')).toBe(false);
  });

  it('folds to its state up to an instant', () => {
    const at = <Event extends { metadata: { at: string } }>(event: Event, instant: string): Event => ({ ...event, metadata: { ...event.metadata, at: instant } });
    const history = [at(aFactCheck(), '2003-02-05T00:00:00.000Z'), at(aFactCheckVerdict('unverifiable'), '2003-03-01T00:00:00.000Z'), at(aFactCheckVerdict('false', { verdictId: 'v2', laterDisproven: true }), '2004-10-06T00:00:00.000Z')];
    expect(foldFactCheckAsOf(history, '2003-03-20T00:00:00Z')?.verdicts.map((entry) => entry.verdict)).toEqual(['unverifiable']);
    expect(foldFactCheckAsOf(history, '2003-01-01T00:00:00Z')).toBeNull();
    expect(foldFactCheck(history)).toMatchObject({ version: 3, createdAt: '2003-02-05T00:00:00.000Z', updatedAt: '2004-10-06T00:00:00.000Z', verdicts: [{ verdictId: VERDICT_ID }, { verdictId: 'v2' }] });
  });
});
