import { describe, it } from '@jest/globals';
import type { ArticleCommand } from './article.commands.js';
import { aClaim, aDraft, ARTICLE_ID, aTranslation, aVerdict, CLAIM_ID, FACT_CHECKER, given, NEW_IDS, QUOTE, TRANSLATOR } from './article.spec-helper.js';

const [NEW_ID] = NEW_IDS;
const identify: ArticleCommand = { type: 'IdentifyClaim', userId: FACT_CHECKER, data: { articleId: ARTICLE_ID, quote: QUOTE } };
const submit: ArticleCommand = { type: 'SubmitTranslation', userId: TRANSLATOR, data: { articleId: ARTICLE_ID, language: 'en', title: 'Title', body: 'Body' } };
const verdict: ArticleCommand = { type: 'RecordVerdict', userId: FACT_CHECKER, data: { articleId: ARTICLE_ID, claimId: CLAIM_ID, verdict: 'mixed', rationale: 'سبب' } };
const claims = (count: number) => Array.from({ length: count }, (_, i) => aClaim({ claimId: `claim-${i}` }));

describe('bounds', () => {
  it('holds 1,000 claims in an article and refuses the 1,001st with limit_reached', () => {
    given([aDraft(), ...claims(999)]).when(identify).then([aClaim({ claimId: NEW_ID })]);
    given([aDraft(), ...claims(1_000)]).when(identify).thenFails('limit_reached');
  });

  it('holds 200 translations in an article and refuses the 201st', () => {
    const translations = (count: number) => Array.from({ length: count }, (_, i) => aTranslation({ translationId: `tr-${i}` }));
    given([aDraft(), ...translations(199)]).when(submit).then([aTranslation({ translationId: NEW_ID, title: 'Title', body: 'Body' })]);
    given([aDraft(), ...translations(200)]).when(submit).thenFails('limit_reached');
  });

  it('holds 100 verdicts on a claim and refuses the 101st', () => {
    const verdicts = (count: number) => Array.from({ length: count }, () => aVerdict('mixed'));
    given([aDraft(), aClaim(), ...verdicts(99)]).when(verdict).then([aVerdict('mixed', { rationale: 'سبب' })]);
    given([aDraft(), aClaim(), ...verdicts(100)]).when(verdict).thenFails('limit_reached');
  });

  it('checks the input before the bound', () => {
    given([aDraft(), ...claims(1_000)]).when({ ...identify, data: { articleId: ARTICLE_ID, quote: '' } }).thenFails('invalid_input');
  });
});
