import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { ArticleCommand } from './article.commands.js';
import { anchorQuote } from './anchoring.js';
import { decide } from './article.decide.js';
import { ArticleRuleError } from './article.errors.js';
import type { ArticleEvent } from './article.events.js';
import { evolve } from './article.evolve.js';
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
