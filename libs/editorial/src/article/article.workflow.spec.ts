import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { ArticleCommand } from './article.commands.js';
import { anchorQuote } from './anchoring.js';
import { decide } from './article.decide.js';
import { ArticleRuleError } from './article.errors.js';
import type { ArticleEvent } from './article.events.js';
import { evolve, foldArticle, foldArticleAsOf } from './article.evolve.js';
import type { FactCheckCommand } from '../fact-check/fact-check.commands.js';
import { decideFactCheck } from '../fact-check/fact-check.decide.js';
import type { FactCheckEvent } from '../fact-check/fact-check.events.js';
import { foldFactCheck } from '../fact-check/fact-check.evolve.js';
import { factCheckFollowUps } from '../fact-check/fact-check.follow-ups.js';
import { claimVerdict, type ArticleState } from './article.state.js';
import { readinessOf } from './readiness.js';

const fixture = readFileSync(new URL('../../../../test/fixtures/us-forces-iraq.ar.txt', import.meta.url), 'utf8');
const [, , headline = ''] = fixture.split('\n');
const articleId = 'article-iraq';
const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('');

/** Runs commands one after another the way the app layer does: decide on the folded state, then evolve. */
function newsroom() {
  let state: ArticleState | null = null;
  let ids = 0;
  const stream: ArticleEvent[] = [];
  const deps = { now: () => new Date(Date.UTC(2026, 2, 8, 9, 0, stream.length)), newId: () => `id-${++ids}` };
  return {
    run(userId: string, command: Omit<ArticleCommand, 'userId'>): ArticleEvent {
      const [event] = decide({ ...command, userId } as ArticleCommand, state, deps);
      stream.push(event);
      state = evolve(state, event);
      return event;
    },
    get state(): ArticleState {
      if (state === null) throw new Error('nothing drafted yet');
      return state;
    },
    stream,
  };
}

describe('the demo article, start to finish', () => {
  it('anchors claims in the real text, follows them through a revision and flags a correction after publication', () => {
    const desk = newsroom();
    desk.run('editor-rania', { type: 'DraftArticle', data: { articleId, title: headline, body: fixture, language: 'ar', byline: 'محمد الصالح', targetLanguages: ['en'] } });

    const quotes = [
      { quote: 'بحلول 31 كانون الأول المقبل' },
      { quote: 'عام 2003' },
      { quote: 'الولايات المتحدة', occurrence: 8 },
    ];
    const claimIds = quotes.map(({ quote, occurrence }) => {
      const event = desk.run('checker-omar', { type: 'IdentifyClaim', data: { articleId, quote, occurrence } });
      if (event.type !== 'ClaimIdentified') throw new Error(event.type);
      expect(slice(fixture, event.data.start, event.data.end)).toBe(quote);
      return event.data.claimId;
    });
    expect(() => desk.run('checker-omar', { type: 'IdentifyClaim', data: { articleId, quote: 'الولايات المتحدة', occurrence: 9 } })).toThrow(ArticleRuleError);

    let failure: unknown;
    try {
      desk.run('editor-rania', { type: 'PublishArticle', data: { articleId } });
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({
      code: 'not_ready',
      unmet: [...claimIds.map((claimId) => ({ code: 'claim_pending', claimId })), { code: 'translation_missing', language: 'en' }],
    });

    // The new lead paragraph holds one more copy of the third claim's quote, before it.
    const revised = `🇮🇶 تحديث\u200F: بيان الولايات المتحدة ـ ٢٠٢١ 👩🏽‍💻\n\n${fixture.replace('عام 2003', 'في ربيع ٢٠٠٣')}`;
    desk.run('editor-rania', { type: 'ReviseDraft', data: { articleId, body: revised } });
    const [deadline, invasion, lastMention] = desk.state.claims;
    expect(slice(revised, deadline.start, deadline.end)).toBe(quotes[0].quote);
    expect(deadline.start).toBe(anchorQuote(revised, quotes[0].quote)?.start);
    expect(lastMention.start).toBe(anchorQuote(revised, quotes[2].quote, 9)?.start);
    expect(invasion.status).toBe('withdrawn');

    desk.run('checker-omar', { type: 'RecordVerdict', data: { articleId, claimId: deadline.claimId, verdict: 'true', rationale: 'البيان المشترك، تموز ٢٠٢١' } });
    desk.run('checker-omar', { type: 'RecordVerdict', data: { articleId, claimId: lastMention.claimId, verdict: 'mostly_true', rationale: 'صحيح مع تحفظ' } });
    const translation = desk.run('translator-lina', { type: 'SubmitTranslation', data: { articleId, language: 'EN', title: 'US mission in Iraq', body: 'From combat to training…' } });
    if (translation.type !== 'TranslationSubmitted') throw new Error(translation.type);
    desk.run('editor-samir', { type: 'ApproveTranslation', data: { articleId, translationId: translation.data.translationId } });
    expect(readinessOf(desk.state).status).toBe('ready');
    desk.run('editor-rania', { type: 'PublishArticle', data: { articleId } });
    expect(readinessOf(desk.state).status).toBe('published');

    const correction = desk.run('checker-omar', { type: 'RecordVerdict', data: { articleId, claimId: deadline.claimId, verdict: 'false', rationale: 'بقيت قوات قتالية بعد الموعد' } });
    expect(correction.data).toMatchObject({ laterDisproven: true, correctionNeeded: true });
    expect(desk.state).toMatchObject({ correctionNeeded: true, version: desk.stream.length });
    expect(claimVerdict(desk.state.claims[0])).toBe('false');
  });
});

describe('the demo after publication: a fact-check shared by two articles, a correction and the article as it stood', () => {
  it('propagates the Iraq Survey Group verdict to both articles, corrects the Arabic one and still answers what it said before', () => {
    let ids = 0;
    let second = 0;
    const deps = { now: () => new Date(Date.UTC(2003, 2, 1, 0, 0, second++)), newId: () => `id-${++ids}` };
    const streams = new Map<string, ArticleEvent[]>();
    const articleState = (id: string) => foldArticle(streams.get(id) ?? []);
    const run = (userId: string, command: Omit<ArticleCommand, 'userId'>): ArticleEvent[] => {
      const id = command.data.articleId;
      const events = decide({ ...command, userId } as ArticleCommand, articleState(id), deps);
      streams.set(id, [...(streams.get(id) ?? []), ...events]);
      return events;
    };
    const factCheckStream: FactCheckEvent[] = [];
    const runFactCheck = (userId: string, command: Omit<FactCheckCommand, 'userId'>): FactCheckEvent => {
      const [event] = decideFactCheck({ ...command, userId } as FactCheckCommand, foldFactCheck(factCheckStream), deps);
      factCheckStream.push(event);
      return event;
    };
    /** The process manager: the follow-ups of every fact-check event, in log order. */
    const followUp = (event: FactCheckEvent) => {
      const before = foldFactCheck(factCheckStream.slice(0, factCheckStream.indexOf(event)));
      for (const command of factCheckFollowUps(before, event)) run(command.userId, command);
    };
    /** The app: check the article's rules, reserve the appearance, then complete the link itself. */
    const link = (id: string, claimId: string) => {
      const verdicts = foldFactCheck(factCheckStream)?.verdicts ?? [];
      decide({ type: 'LinkClaimToFactCheck', userId: 'checker-omar', data: { articleId: id, claimId, factCheckId: 'wmd', verdicts } }, articleState(id), deps);
      const appearance = runFactCheck('checker-omar', { type: 'LinkFactCheckAppearance', data: { factCheckId: 'wmd', articleId: id, claimId } });
      run('checker-omar', { type: 'CompleteFactCheckLink', data: { articleId: id, claimId, factCheckId: 'wmd', verdicts } });
      followUp(appearance);
    };

    runFactCheck('checker-omar', { type: 'CreateFactCheck', data: { factCheckId: 'wmd', statement: 'العراق يمتلك أسلحة دمار شامل', language: 'ar', claimant: 'الحكومة الأمريكية' } });
    followUp(runFactCheck('checker-omar', { type: 'RecordFactCheckVerdict', data: { factCheckId: 'wmd', verdict: 'unverifiable', rationale: 'لم يعثر المفتشون على شيء بعد' } }));

    run('editor-rania', { type: 'DraftArticle', data: { articleId, title: headline, body: fixture, language: 'ar', targetLanguages: ['en'] } });
    // Pasted from another site with its own diacritics: anchored on the article's own words.
    const [identified] = run('checker-omar', { type: 'IdentifyClaim', data: { articleId, quote: 'أَسْلِحَةِ دَمارٍ شامِل' } });
    if (identified.type !== 'ClaimIdentified') throw new Error(identified.type);
    expect(identified.data).toMatchObject({ quote: 'أسلحة دمار شامل', submittedQuote: 'أَسْلِحَةِ دَمارٍ شامِل' });
    expect(slice(fixture, identified.data.start, identified.data.end)).toBe('أسلحة دمار شامل');
    link(articleId, identified.data.claimId);

    const english = 'article-en';
    run('editor-samir', { type: 'DraftArticle', data: { articleId: english, title: 'Why Iraq was invaded', body: 'The invasion aimed to destroy weapons of mass destruction.', language: 'en' } });
    const [englishClaim] = run('checker-omar', { type: 'IdentifyClaim', data: { articleId: english, quote: 'weapons of mass destruction' } });
    if (englishClaim.type !== 'ClaimIdentified') throw new Error(englishClaim.type);
    link(english, englishClaim.data.claimId);

    const [translation] = run('translator-lina', { type: 'SubmitTranslation', data: { articleId, language: 'en', title: 'US forces in Iraq', body: 'To destroy weapons of mass destruction…' } });
    if (translation.type !== 'TranslationSubmitted') throw new Error(translation.type);
    run('editor-samir', { type: 'ApproveTranslation', data: { articleId, translationId: translation.data.translationId } });
    const [published] = run('editor-rania', { type: 'PublishArticle', data: { articleId } });
    run('editor-samir', { type: 'PublishArticle', data: { articleId: english } });

    followUp(runFactCheck('checker-omar', { type: 'RecordFactCheckVerdict', data: { factCheckId: 'wmd', verdict: 'false', rationale: 'تقرير مجموعة مسح العراق، ٢٠٠٤' } }));
    for (const id of [articleId, english]) {
      const state = articleState(id);
      expect(state?.claims[0].verdicts.map((entry) => entry.verdict)).toEqual(['unverifiable', 'false']);
      expect(state).toMatchObject({ correctionNeeded: true });
    }

    const [opened] = run('editor-rania', { type: 'OpenCorrection', data: { articleId, reason: 'تقرير مجموعة مسح العراق' } });
    if (opened.type !== 'CorrectionOpened') throw new Error(opened.type);
    const correctedBody = fixture.replace('والقضاء على أسلحة دمار شامل', 'والقضاء على أسلحة دمار شامل مزعومة');
    run('editor-rania', { type: 'ReviseDraft', data: { articleId, body: correctedBody } });
    expect(articleState(articleId)?.claims[0]).toMatchObject({ status: 'active', factCheckId: 'wmd' });
    expect(() => run('editor-rania', { type: 'PublishCorrection', data: { articleId, correctionId: opened.data.correctionId, note: 'x' } })).toThrow(/unmet publishing condition/);
    const [redone] = run('translator-lina', { type: 'SubmitTranslation', data: { articleId, language: 'en', title: 'US forces in Iraq', body: 'To destroy alleged weapons of mass destruction…' } });
    run('editor-samir', { type: 'ApproveTranslation', data: { articleId, translationId: (redone as Extract<ArticleEvent, { type: 'TranslationSubmitted' }>).data.translationId } });
    run('editor-rania', { type: 'PublishCorrection', data: { articleId, correctionId: opened.data.correctionId, note: 'لم يُعثر على أسلحة دمار شامل: صُحّحت الفقرة' } });

    const now = articleState(articleId);
    expect(now && readinessOf(now).status).toBe('published');
    expect(now).toMatchObject({ correctionNeeded: false, published: { body: correctedBody, translations: [{ body: 'To destroy alleged weapons of mass destruction…' }] } });
    // A restart that runs every follow-up again from the start of the log records nothing twice.
    const lengths = [...streams.values()].map((stream) => stream.length);
    for (const event of factCheckStream) followUp(event);
    expect([...streams.values()].map((stream) => stream.length)).toEqual(lengths);

    const before = foldArticleAsOf(streams.get(articleId) ?? [], published.metadata.at);
    expect(before).toMatchObject({ body: fixture, published: { body: fixture }, correctionNeeded: false });
    expect(before?.claims[0].verdicts.map((entry) => entry.verdict)).toEqual(['unverifiable']);
  });
});
