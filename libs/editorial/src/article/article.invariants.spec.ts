import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ArticleCommand } from './article.commands.js';
import { decide } from './article.decide.js';
import { ArticleRuleError } from './article.errors.js';
import { VERDICTS, type ArticleEvent } from './article.events.js';
import { evolve } from './article.evolve.js';
import type { ArticleState } from './article.state.js';
import { readinessOf } from './readiness.js';

const pieces = ['القُوَّات', 'القُو\u0651\u064Eات', 'ا\u0654كد', 'أكد', 'ـ', '\u200F', '\u061C', '٢٠٠٣', '👩🏽‍💻', '😀', ' ', 'وو', 'و'];
const snippet = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));
const user = fc.constantFrom('editor-1', 'editor-2', 'translator-1', 'checker-1');
const language = fc.constantFrom('ar', 'AR', 'en', 'EN');
const pick = fc.nat(5);
const factCheckId = fc.constantFrom('fc-1', 'fc-2');
const factCheckVerdicts = VERDICTS.map((verdict, i) => ({ verdictId: `cause-${i}`, verdict, rationale: 'سبب', sources: [], by: 'checker-2', at: '2025-01-01T00:00:00.000Z' }));

/** A command whose quote, edit and ids are chosen from what the article holds when it runs. */
const step = fc.oneof(
  { weight: 1, arbitrary: fc.record({ type: fc.constant('ReviseDraft' as const), edit: fc.constantFrom('insert', 'delete', 'replace'), at: fc.nat(), length: fc.nat(8), text: snippet, userId: user }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('IdentifyClaim' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }), occurrence: fc.integer({ min: 1, max: 3 }), userId: user }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('RecordVerdict' as const), claim: pick, verdict: fc.constantFrom(...VERDICTS), userId: user }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('SubmitTranslation' as const), language, userId: user }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('ApproveTranslation' as const), translation: pick, userId: user }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('RejectTranslation' as const), translation: pick, userId: user }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('PublishArticle' as const), userId: user }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('OpenCorrection' as const), userId: user }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('LinkClaimToFactCheck' as const), claim: pick, factCheck: factCheckId, known: fc.subarray(factCheckVerdicts), userId: user }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('RecordFactCheckVerdictOnClaim' as const), claim: pick, factCheck: factCheckId, cause: fc.nat(factCheckVerdicts.length - 1), userId: user }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('PublishCorrection' as const), correction: pick, userId: user }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).map((n) => ({ type: 'RetractArticle' as const, skip: n, userId: 'editor-1' })) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

function toCommand(s: Step, state: ArticleState): ArticleCommand {
  const articleId = state.articleId;
  const claimId = state.claims[('claim' in s ? s.claim : 0) % Math.max(1, state.claims.length)]?.claimId ?? 'no-claim';
  const translationId = state.translations[('translation' in s ? s.translation : 0) % Math.max(1, state.translations.length)]?.translationId ?? 'no-translation';
  switch (s.type) {
    case 'ReviseDraft': {
      const points = Array.from(state.body);
      const at = s.at % (points.length + 1);
      const body =
        s.edit === 'insert' ? [...points.slice(0, at), s.text, ...points.slice(at)] : s.edit === 'delete' ? [...points.slice(0, at), ...points.slice(at + s.length)] : [s.text];
      return { type: s.type, userId: s.userId, data: { articleId, body: body.join('') } };
    }
    case 'IdentifyClaim': {
      const points = Array.from(state.body);
      const at = s.at % points.length;
      return { type: s.type, userId: s.userId, data: { articleId, quote: points.slice(at, at + s.length).join(''), occurrence: s.occurrence } };
    }
    case 'RecordVerdict':
      return { type: s.type, userId: s.userId, data: { articleId, claimId, verdict: s.verdict, rationale: 'سبب' } };
    case 'SubmitTranslation':
      return { type: s.type, userId: s.userId, data: { articleId, language: s.language, title: 'Title', body: 'Body' } };
    case 'ApproveTranslation':
      return { type: s.type, userId: s.userId, data: { articleId, translationId } };
    case 'RejectTranslation':
      return { type: s.type, userId: s.userId, data: { articleId, translationId, reason: 'ناقصة' } };
    case 'PublishArticle':
      return { type: s.type, userId: s.userId, data: { articleId } };
    case 'OpenCorrection':
      return { type: s.type, userId: s.userId, data: { articleId, reason: 'سبب' } };
    case 'PublishCorrection': {
      const correctionId = state.corrections[s.correction % Math.max(1, state.corrections.length)]?.correctionId ?? 'no-correction';
      return { type: s.type, userId: s.userId, data: { articleId, correctionId, note: 'ملاحظة' } };
    }
    case 'LinkClaimToFactCheck':
      return { type: s.type, userId: s.userId, data: { articleId, claimId, factCheckId: s.factCheck, verdicts: s.known } };
    case 'RecordFactCheckVerdictOnClaim': {
      const { verdictId, verdict, rationale } = factCheckVerdicts[s.cause];
      return { type: s.type, userId: s.userId, data: { articleId, claimId, factCheckId: s.factCheck, causationId: verdictId, verdict, rationale } };
    }
    case 'RetractArticle':
      // Retracting ends every story: only now and then, so the others get told.
      return s.skip === 0 ? { type: s.type, userId: s.userId, data: { articleId, reason: 'سبب' } } : { type: 'PublishArticle', userId: s.userId, data: { articleId } };
  }
}

const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('');

describe('any sequence of commands', () => {
  it('keeps the aggregate consistent', () => {
    fc.assert(
      fc.property(snippet, fc.constantFrom([], ['en', 'EN']), fc.array(step, { minLength: 10, maxLength: 60 }), (body, targetLanguages, steps) => {
        let ids = 0;
        const deps = { now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, ids)), newId: () => `id-${++ids}` };
        const stream: ArticleEvent[] = decide({ type: 'DraftArticle', userId: 'editor-1', data: { articleId: 'a', title: 'عنوان', body, language: 'ar', targetLanguages: [...targetLanguages] } }, null, deps);
        let state = evolve(null, stream[0]);
        for (const s of steps) {
          const before = state;
          let events: ArticleEvent[];
          try {
            events = decide(toCommand(s, state), state, deps);
          } catch (error) {
            if (!(error instanceof ArticleRuleError)) throw error;
            if (error.code === 'not_ready') expect(error.unmet).toEqual(readinessOf(before).unmet);
            continue;
          }
          if (s.type === 'RecordFactCheckVerdictOnClaim' && events.length === 0) continue;
          expect(events).toHaveLength(1);
          if (s.type === 'PublishArticle') expect(readinessOf(before).unmet).toEqual([]);
          stream.push(events[0]);
          state = evolve(state, events[0]);

          expect(state.version).toBe(stream.length);
          expect(state.body).toBe(state.body.normalize('NFC'));
          const event = events[0];
          if (before.correctionNeeded && event.type !== 'CorrectionPublished' && event.type !== 'ArticleRetracted') expect(state.correctionNeeded).toBe(true);
          if (before.retractedAt !== null) expect(event.type).toBe('VerdictRecorded');
          if (state.correctionNeeded) expect(readinessOf(state).status === 'published' || readinessOf(state).status === 'correcting').toBe(true);
          const republished = ['ArticlePublished', 'CorrectionPublished', 'ArticleRetracted', 'TranslationApproved'].includes(event.type);
          if (!republished) expect(state.published).toEqual(before.published);
          if (state.published && readinessOf(state).status === 'published') expect(state.published.body).toBe(state.body);
          for (const claim of state.claims) {
            const causes = claim.verdicts.flatMap((entry) => (entry.causationId === undefined ? [] : [entry.causationId]));
            expect(new Set(causes).size).toBe(causes.length);
            const old = before.claims.find((candidate) => candidate.claimId === claim.claimId);
            if (old?.factCheckId) {
              expect(claim.factCheckId).toBe(old.factCheckId);
              for (const entry of claim.verdicts.slice(old.verdicts.length)) expect(entry.factCheckId).toBe(old.factCheckId);
            }
            if (claim.status === 'active') expect(slice(state.body, claim.start, claim.end)).toBe(claim.quote);
            if (before.claims.find((old) => old.claimId === claim.claimId)?.status === 'withdrawn') expect(claim.status).toBe('withdrawn');
          }
          for (const translation of state.translations) {
            const old = before.translations.find((candidate) => candidate.translationId === translation.translationId);
            if (old && old.status !== 'submitted') expect(translation.status === old.status || translation.status === 'outdated').toBe(true);
            if (old?.status === 'rejected' || old?.status === 'outdated') expect(translation.status).toBe(old.status);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
