import { describe, expect, it } from '@jest/globals';
import type { ArticleCommand } from './article.commands.js';
import { foldArticle } from './article.evolve.js';
import { readinessOf } from './readiness.js';
import {
  aClaim,
  aDraft,
  anApproval,
  aPublication,
  aRejection,
  aRevision,
  ARTICLE_ID,
  AT,
  aTranslation,
  aVerdict,
  BODY,
  CLAIM_ID,
  EDITOR,
  FACT_CHECKER,
  FIRST_QUOTE,
  given,
  NEW_IDS,
  OTHER_CLAIM_ID,
  OTHER_EDITOR,
  OTHER_TRANSLATION_ID,
  QUOTE,
  SECOND_QUOTE,
  TRANSLATION_ID,
  TRANSLATOR,
} from './article.spec-helper.js';

const [NEW_ID] = NEW_IDS;
const by = (userId: string) => ({ userId, at: AT });

const draft = (data: Partial<Extract<ArticleCommand, { type: 'DraftArticle' }>['data']> = {}): ArticleCommand => ({
  type: 'DraftArticle',
  userId: EDITOR,
  data: { articleId: ARTICLE_ID, title: 'مهمة القوات الأمريكية في العراق', body: BODY, language: 'ar', ...data },
});
const revise = (data: { title?: string; body?: string }): ArticleCommand => ({ type: 'ReviseDraft', userId: EDITOR, data: { articleId: ARTICLE_ID, ...data } });
const identify = (quote: string, extra: { occurrence?: number; claimant?: string; claimedAt?: string } = {}): ArticleCommand => ({
  type: 'IdentifyClaim',
  userId: FACT_CHECKER,
  data: { articleId: ARTICLE_ID, quote, ...extra },
});
const verdict = (value: string, claimId = CLAIM_ID, extra: { rationale?: string; sources?: unknown[] } = {}): ArticleCommand =>
  ({
    type: 'RecordVerdict',
    userId: FACT_CHECKER,
    data: { articleId: ARTICLE_ID, claimId, verdict: value, rationale: 'بحسب وثائق البنتاغون', ...extra },
  }) as ArticleCommand;
const submit = (language: string, userId = TRANSLATOR): ArticleCommand => ({
  type: 'SubmitTranslation',
  userId,
  data: { articleId: ARTICLE_ID, language, title: '  US forces in Iraq ', body: 'The forces said…' },
});
const approve = (userId = EDITOR, translationId = TRANSLATION_ID): ArticleCommand => ({ type: 'ApproveTranslation', userId, data: { articleId: ARTICLE_ID, translationId } });
const reject = (userId = EDITOR, translationId = TRANSLATION_ID): ArticleCommand => ({
  type: 'RejectTranslation',
  userId,
  data: { articleId: ARTICLE_ID, translationId, reason: 'الترجمة تحذف الفقرة الثالثة' },
});
const publish: ArticleCommand = { type: 'PublishArticle', userId: EDITOR, data: { articleId: ARTICLE_ID } };

describe('DraftArticle', () => {
  it('drafts an article with every text field in NFC, the title trimmed and Arabic text kept exactly', () => {
    const decomposedTitle = ' \u0627\u0654كد القُو\u0651\u064Eات ـ ٢٠٠٣ 👩🏽‍💻\u200F ';
    given([])
      .when(draft({ title: decomposedTitle, body: BODY, byline: 'تقرير/ محمد الصا\u0644\u0650\u062D', source: 'وكالة\u061C الأنباء' }))
      .then([aDraft({ title: 'أكد القُوَّات ـ ٢٠٠٣ 👩🏽‍💻\u200F', byline: 'تقرير/ محمد الصالِح', source: 'وكالة\u061C الأنباء' })]);
  });

  it('canonicalises and de-duplicates the target languages', () => {
    given([])
      .when(draft({ language: 'AR', targetLanguages: ['EN', 'en', 'fr-ca', 'fr-CA'] }))
      .then([aDraft({ language: 'ar', targetLanguages: ['en', 'fr-CA'] })]);
  });

  it('refuses a target language equal to the article language once canonicalised', () => {
    given([]).when(draft({ language: 'ar', targetLanguages: ['en', 'AR'] })).thenFails('target_language_same', { field: 'targetLanguages' });
  });

  it('refuses to draft an article that exists', () => {
    given([aDraft()]).when(draft()).thenFails('article_exists');
  });

  it('measures the title in code points after trimming: 300 emoji pass, 301 or a blank title do not', () => {
    given([]).when(draft({ title: '👩🏽‍💻'.repeat(75) })).then([aDraft({ title: '👩🏽‍💻'.repeat(75) })]);
    given([]).when(draft({ title: `${'😀'.repeat(300)} ` })).then([aDraft({ title: '😀'.repeat(300) })]);
    given([]).when(draft({ title: '😀'.repeat(301) })).thenFails('invalid_input', { field: 'title' });
    given([]).when(draft({ title: ' \n\t ' })).thenFails('invalid_input', { field: 'title' });
  });

  it('refuses a NUL or other C0 control character in any text field but keeps tab, LF and CR', () => {
    given([]).when(draft({ body: 'القوات\u0000' })).thenFails('invalid_input', { field: 'body' });
    given([]).when(draft({ byline: 'محمد\u001B' })).thenFails('invalid_input', { field: 'byline' });
    given([]).when(draft({ body: 'سطر\tأول\r\nسطر ثانٍ' })).then([aDraft({ body: 'سطر\tأول\r\nسطر ثانٍ' })]);
  });

  it('refuses a language that is not a BCP 47 tag', () => {
    given([]).when(draft({ language: 'arabic language' })).thenFails('invalid_input', { field: 'language' });
  });
});

describe('ReviseDraft', () => {
  it('needs a title or a body', () => {
    given([aDraft()]).when(revise({})).thenFails('invalid_input');
  });

  it('refuses an unknown article after checking the input', () => {
    given([]).when(revise({ body: BODY })).thenFails('article_not_found');
    given([]).when(revise({ body: '' })).thenFails('invalid_input', { field: 'body' });
  });

  it('re-anchors every active claim in the new body, in code points', () => {
    given([aDraft(), aClaim(), aClaim({ claimId: OTHER_CLAIM_ID, occurrence: 2, ...SECOND_QUOTE })])
      .when(revise({ body: `🇮🇶 ${BODY}` }))
      .then([
        aRevision({
          body: `🇮🇶 ${BODY}`,
          reanchoredClaims: [
            { claimId: CLAIM_ID, start: FIRST_QUOTE.start + 3, end: FIRST_QUOTE.end + 3 },
            { claimId: OTHER_CLAIM_ID, start: SECOND_QUOTE.start + 3, end: SECOND_QUOTE.end + 3 },
          ],
        }),
      ]);
  });

  it('keeps a claim on its own words when the revision inserts another copy of the quote before it', () => {
    const inserted = `${QUOTE}: `;
    given([aDraft(), aClaim()])
      .when(revise({ body: `${inserted}${BODY}` }))
      .then([aRevision({ body: `${inserted}${BODY}`, reanchoredClaims: [{ claimId: CLAIM_ID, start: FIRST_QUOTE.start + 11, end: FIRST_QUOTE.end + 11 }] })]);
  });

  it('revises the title alone, keeping the body and the anchors', () => {
    given([aDraft(), aClaim()])
      .when(revise({ title: ' العنوان الجديد ' }))
      .then([aRevision({ title: 'العنوان الجديد', reanchoredClaims: [{ claimId: CLAIM_ID, ...FIRST_QUOTE }] })]);
  });

  it('withdraws a claim whose quote is gone, keeping its verdicts', () => {
    const revised = BODY.replace('عام ٢٠٠٣', 'عام ٢٠٠٤');
    const state = given([aDraft(), aClaim({ quote: 'عام ٢٠٠٣', start: 32, end: 40 }), aVerdict('true')])
      .when(revise({ body: revised }))
      .then([aRevision({ body: revised, withdrawnClaimIds: [CLAIM_ID] })]);
    expect(state?.claims[0]).toMatchObject({ status: 'withdrawn', verdicts: [{ verdict: 'true' }] });
  });

  it('never brings a withdrawn claim back, even when its quote returns', () => {
    const without = BODY.replaceAll(QUOTE, 'الجنود');
    given([aDraft(), aClaim(), aRevision({ body: without, withdrawnClaimIds: [CLAIM_ID] })])
      .when(revise({ body: BODY }))
      .then([aRevision({ body: BODY })]);
  });

  it('outdates every submitted or approved translation and leaves rejected and outdated ones alone', () => {
    given([
      aDraft({ targetLanguages: ['en', 'fr', 'de'] }),
      aTranslation({ translationId: 'tr-en-old' }),
      aRevision({ outdatedTranslationIds: ['tr-en-old'] }),
      aTranslation({ translationId: 'tr-fr', language: 'fr' }),
      anApproval('tr-fr'),
      aTranslation({ translationId: 'tr-de', language: 'de' }),
      aRejection('ناقصة', 'tr-de'),
      aTranslation({ translationId: 'tr-en' }),
    ])
      .when(revise({ title: 'عنوان مصحح' }))
      .then([aRevision({ title: 'عنوان مصحح', outdatedTranslationIds: ['tr-fr', 'tr-en'] })]);
  });

  it('refuses to revise a published article', () => {
    given([aDraft(), aPublication()]).when(revise({ body: BODY })).thenFails('article_published');
  });
});

describe('IdentifyClaim', () => {
  it('anchors the quote in Unicode code points: a ZWJ emoji of 7 UTF-16 units counts 4', () => {
    given([aDraft()])
      .when(identify(QUOTE, { claimant: 'وزارة الدفاع', claimedAt: '2021-07-26' }))
      .then([{ type: 'ClaimIdentified', data: { articleId: ARTICLE_ID, claimId: NEW_ID, quote: QUOTE, occurrence: 1, ...FIRST_QUOTE, claimant: 'وزارة الدفاع', claimedAt: '2021-07-26' }, metadata: by(FACT_CHECKER) }]);
  });

  it('shifts an anchor by one per astral character before it, not two', () => {
    given([aDraft({ body: `😀${BODY}` })])
      .when(identify(QUOTE))
      .then([aClaim({ claimId: NEW_ID, start: FIRST_QUOTE.start + 1, end: FIRST_QUOTE.end + 1 })]);
  });

  it('picks the n-th occurrence', () => {
    given([aDraft()]).when(identify(QUOTE, { occurrence: 2 })).then([aClaim({ claimId: NEW_ID, occurrence: 2, ...SECOND_QUOTE })]);
  });

  it('counts overlapping occurrences', () => {
    given([aDraft({ body: 'ووو ـــ' })]).when(identify('وو', { occurrence: 2 })).then([aClaim({ claimId: NEW_ID, quote: 'وو', occurrence: 2, start: 1, end: 3 })]);
    given([aDraft({ body: 'ــــ' })]).when(identify('ــ', { occurrence: 3 })).then([aClaim({ claimId: NEW_ID, quote: 'ــ', occurrence: 3, start: 2, end: 4 })]);
  });

  it('matches a decomposed quote against the composed body and stores it in NFC', () => {
    given([aDraft()])
      .when(identify('و\u0627\u0654كد المتحدث'))
      .then([aClaim({ claimId: NEW_ID, quote: 'وأكد المتحدث', start: 57, end: 69 })]);
    given([aDraft()])
      .when(identify('القُو\u0651\u064Eات', { occurrence: 2 }))
      .then([aClaim({ claimId: NEW_ID, occurrence: 2, ...SECOND_QUOTE })]);
  });

  it('fails with quote_not_found when the quote or its n-th occurrence is not in the body', () => {
    given([aDraft()]).when(identify('الجنود')).thenFails('quote_not_found', { field: 'quote' });
    given([aDraft()]).when(identify(QUOTE, { occurrence: 3 })).thenFails('quote_not_found');
  });

  it('anchors a quote found only through the normalised form on the article\'s own words, keeping what was typed', () => {
    given([aDraft()])
      .when(identify('القوات'))
      .then([aClaim({ claimId: NEW_ID, submittedQuote: 'القوات' })]);
    given([aDraft()])
      .when(identify('انسحبت عام 2003', { occurrence: 1 }))
      .then([aClaim({ claimId: NEW_ID, quote: 'انسحبت عام ٢٠٠٣', start: 25, end: 40, submittedQuote: 'انسحبت عام 2003' })]);
  });

  it('counts normalised matches when the quote does not occur as typed, and exact ones when it does', () => {
    given([aDraft()]).when(identify('القوات', { occurrence: 2 })).then([aClaim({ claimId: NEW_ID, occurrence: 2, ...SECOND_QUOTE, submittedQuote: 'القوات' })]);
    given([aDraft()]).when(identify('القوات', { occurrence: 3 })).thenFails('quote_not_found');
    given([aDraft({ body: `القوات ${QUOTE}` })]).when(identify('القوات', { occurrence: 2 })).thenFails('quote_not_found');
  });

  it('keeps claimedAt as a UTC instant when it is a date-time, and as given when it is a date', () => {
    given([aDraft()])
      .when(identify(QUOTE, { claimedAt: '2003-03-17T20:15:00+03:00' }))
      .then([{ type: 'ClaimIdentified', data: { articleId: ARTICLE_ID, claimId: NEW_ID, quote: QUOTE, occurrence: 1, ...FIRST_QUOTE, claimant: null, claimedAt: '2003-03-17T17:15:00.000Z' }, metadata: by(FACT_CHECKER) }]);
  });

  it('refuses an occurrence below 1 and a claimedAt that is not ISO-8601', () => {
    given([aDraft()]).when(identify(QUOTE, { occurrence: 0 })).thenFails('invalid_input', { field: 'occurrence' });
    given([aDraft()]).when(identify(QUOTE, { claimedAt: '26/07/2021' })).thenFails('invalid_input', { field: 'claimedAt' });
  });

  it('refuses an unknown article and a published one', () => {
    given([]).when(identify(QUOTE)).thenFails('article_not_found');
    given([aDraft(), aPublication()]).when(identify(QUOTE)).thenFails('article_published');
  });
});

describe('RecordVerdict', () => {
  it.each(['true', 'mostly_true', 'mixed', 'misleading', 'false', 'unverifiable'] as const)('records the verdict %s', (value) => {
    given([aDraft(), aClaim()]).when(verdict(value)).then([aVerdict(value)]);
  });

  it('normalises the rationale and keeps the sources', () => {
    const sources = [{ url: 'https://example.org/بيان', title: 'بيان\u200F ٢٠٢١' }, { url: 'http://example.com/a' }];
    given([aDraft(), aClaim()])
      .when(verdict('mixed', CLAIM_ID, { rationale: 'ا\u0653خر تقرير', sources }))
      .then([aVerdict('mixed', { rationale: 'آخر تقرير', sources })]);
  });

  it('refuses an unknown verdict, an empty rationale, more than 20 sources and a non-http source', () => {
    given([aDraft(), aClaim()]).when(verdict('fake')).thenFails('invalid_input', { field: 'verdict' });
    given([aDraft(), aClaim()]).when(verdict('true', CLAIM_ID, { rationale: '' })).thenFails('invalid_input', { field: 'rationale' });
    const many = Array.from({ length: 21 }, (_, i) => ({ url: `https://example.org/${i}` }));
    given([aDraft(), aClaim()]).when(verdict('true', CLAIM_ID, { sources: many })).thenFails('invalid_input', { field: 'sources' });
    given([aDraft(), aClaim()]).when(verdict('true', CLAIM_ID, { sources: [{ url: 'javascript:alert(1)' }] })).thenFails('invalid_input', { field: 'sources[0].url' });
  });

  it('refuses an unknown article or claim', () => {
    given([]).when(verdict('true')).thenFails('article_not_found');
    given([aDraft(), aClaim()]).when(verdict('true', OTHER_CLAIM_ID)).thenFails('claim_not_found');
  });

  it('accepts a verdict on a withdrawn claim', () => {
    given([aDraft(), aClaim(), aRevision({ body: 'نص جديد', withdrawnClaimIds: [CLAIM_ID] })]).when(verdict('false')).then([aVerdict('false')]);
  });

  it.each([
    [['true'], true],
    [['mostly_true'], true],
    [['mixed'], true],
    [['unverifiable'], true],
    [['misleading'], false],
    [[], false],
    [['false'], false],
    [['true', 'misleading'], true],
  ] as const)('marks a false verdict after %j as later disproven: %s', (earlier, laterDisproven) => {
    given([aDraft(), aClaim(), ...earlier.map((value) => aVerdict(value))]).when(verdict('false')).then([aVerdict('false', { laterDisproven })]);
  });

  it('is not later disproven when the latest verdict is not false', () => {
    given([aDraft(), aClaim(), aVerdict('true'), aVerdict('false', { laterDisproven: true })]).when(verdict('misleading')).then([aVerdict('misleading')]);
  });

  it('accepts verdicts after publication and flags a correction when one makes a claim later disproven', () => {
    const published = [aDraft(), aClaim(), aVerdict('true'), aPublication()];
    given(published).when(verdict('unverifiable')).then([aVerdict('unverifiable')]);
    const state = given(published).when(verdict('false')).then([aVerdict('false', { laterDisproven: true, correctionNeeded: true })]);
    expect(state?.correctionNeeded).toBe(true);
  });

  it('does not flag a correction for a claim disproven before publication', () => {
    given([aDraft(), aClaim(), aVerdict('true'), aVerdict('false', { laterDisproven: true })])
      .when(verdict('false'))
      .then([aVerdict('false', { laterDisproven: true })]);
    given([aDraft(), aClaim(), aVerdict('true'), aVerdict('false', { laterDisproven: true }), aPublication()])
      .when(verdict('false'))
      .then([aVerdict('false', { laterDisproven: true })]);
  });

  it('does not flag a correction for a withdrawn claim: its words were not in the published text', () => {
    given([aDraft(), aClaim(), aVerdict('true'), aRevision({ body: 'نص جديد', withdrawnClaimIds: [CLAIM_ID] }), aPublication()])
      .when(verdict('false'))
      .then([aVerdict('false', { laterDisproven: true })]);
  });

  it('keeps correctionNeeded once set, whatever verdicts follow', () => {
    const state = given([aDraft(), aClaim(), aVerdict('true'), aPublication(), aVerdict('false', { laterDisproven: true, correctionNeeded: true })])
      .when(verdict('true'))
      .then([aVerdict('true')]);
    expect(state?.correctionNeeded).toBe(true);
  });
});

describe('SubmitTranslation', () => {
  it('submits a translation with a new id, its language canonicalised and its title trimmed', () => {
    given([aDraft({ targetLanguages: ['en'] })])
      .when(submit('EN'))
      .then([aTranslation({ translationId: NEW_ID, language: 'en', title: 'US forces in Iraq' })]);
  });

  it('refuses the article language, compared as canonical BCP 47 tags', () => {
    given([aDraft()]).when(submit('AR')).thenFails('same_language');
    given([aDraft()]).when(submit('ar')).thenFails('same_language');
    given([aDraft()]).when(submit('ar-SY')).then([aTranslation({ translationId: NEW_ID, language: 'ar-SY', title: 'US forces in Iraq' })]);
  });

  it('refuses an unknown or published article', () => {
    given([]).when(submit('en')).thenFails('article_not_found');
    given([aDraft(), aPublication()]).when(submit('en')).thenFails('article_published');
  });
});

describe('ApproveTranslation and RejectTranslation', () => {
  const submitted = [aDraft({ targetLanguages: ['en'] }), aTranslation()];

  it('lets another editor approve or reject a submitted translation', () => {
    given(submitted).when(approve()).then([anApproval()]);
    given(submitted).when(reject()).then([aRejection('الترجمة تحذف الفقرة الثالثة')]);
  });

  it('forbids reviewing your own translation, also for a user who holds the editor role too', () => {
    const ownedByEditor = [aDraft({ targetLanguages: ['en'] }), aTranslation({}, OTHER_EDITOR)];
    given(ownedByEditor).when(approve(OTHER_EDITOR)).thenFails('own_translation');
    given(ownedByEditor).when(reject(OTHER_EDITOR)).thenFails('own_translation');
    given(submitted).when(approve(TRANSLATOR)).thenFails('own_translation');
  });

  it('checks the four-eyes rule before the translation status', () => {
    given([...submitted, anApproval()]).when(approve(TRANSLATOR)).thenFails('own_translation');
  });

  it.each([
    ['approved', [anApproval()]],
    ['rejected', [aRejection('ناقصة')]],
    ['outdated', [aRevision({ outdatedTranslationIds: [TRANSLATION_ID] })]],
  ])('refuses to review a translation that is %s', (_status, after) => {
    given([...submitted, ...after]).when(approve()).thenFails('translation_not_submitted');
    given([...submitted, ...after]).when(reject()).thenFails('translation_not_submitted');
  });

  it('refuses an unknown article or translation', () => {
    given([]).when(approve()).thenFails('article_not_found');
    given(submitted).when(approve(EDITOR, OTHER_TRANSLATION_ID)).thenFails('translation_not_found');
    given(submitted).when(reject(EDITOR, OTHER_TRANSLATION_ID)).thenFails('translation_not_found');
  });

  it('still reviews a translation submitted before publication; an approval then joins what readers see', () => {
    const published = [aDraft(), aTranslation(), aPublication()];
    given(published).when(approve()).then([anApproval(TRANSLATION_ID, EDITOR, true)]);
    given(published).when(reject()).then([aRejection('الترجمة تحذف الفقرة الثالثة')]);
  });

  it('refuses a rejection without a reason', () => {
    given(submitted)
      .when({ type: 'RejectTranslation', userId: EDITOR, data: { articleId: ARTICLE_ID, translationId: TRANSLATION_ID, reason: '' } })
      .thenFails('invalid_input', { field: 'reason' });
  });
});

describe('PublishArticle', () => {
  it('publishes an article whose claims all have verdicts and whose target languages are all translated', () => {
    given([aDraft({ targetLanguages: ['en'] }), aClaim(), aVerdict('mixed'), aTranslation(), anApproval()])
      .when(publish)
      .then([aPublication([TRANSLATION_ID])]);
  });

  it('lists every unmet condition', () => {
    given([aDraft({ targetLanguages: ['en', 'fr', 'de'] }), aClaim(), aClaim({ claimId: OTHER_CLAIM_ID, ...SECOND_QUOTE }), aTranslation({ language: 'de' }), anApproval()])
      .when(publish)
      .thenFails('not_ready', {
        unmet: [
          { code: 'claim_pending', claimId: CLAIM_ID },
          { code: 'claim_pending', claimId: OTHER_CLAIM_ID },
          { code: 'translation_missing', language: 'en' },
          { code: 'translation_missing', language: 'fr' },
        ],
      });
  });

  it('does not wait for a withdrawn claim', () => {
    given([aDraft(), aClaim(), aRevision({ body: 'نص جديد', withdrawnClaimIds: [CLAIM_ID] })]).when(publish).then([aPublication()]);
  });

  it('counts only an approved translation submitted after the last revision', () => {
    const drafted = aDraft({ targetLanguages: ['en'] });
    const missingEnglish = { unmet: [{ code: 'translation_missing' as const, language: 'en' }] };
    given([drafted, aTranslation()]).when(publish).thenFails('not_ready', missingEnglish);
    given([drafted, aTranslation(), aRejection('ناقصة')]).when(publish).thenFails('not_ready', missingEnglish);
    given([drafted, aTranslation(), anApproval(), aRevision({ outdatedTranslationIds: [TRANSLATION_ID] })]).when(publish).thenFails('not_ready', missingEnglish);
    given([drafted, aTranslation(), anApproval(), aRevision({ outdatedTranslationIds: [TRANSLATION_ID] }), aTranslation({ translationId: OTHER_TRANSLATION_ID }), anApproval(OTHER_TRANSLATION_ID)])
      .when(publish)
      .then([aPublication([OTHER_TRANSLATION_ID])]);
  });

  it('never counts a translation submitted before the last revision, even if that revision did not outdate it', () => {
    given([aDraft({ targetLanguages: ['en'] }), aTranslation(), anApproval(), aRevision()])
      .when(publish)
      .thenFails('not_ready', { unmet: [{ code: 'translation_missing', language: 'en' }] });
  });

  it('ignores an approved translation into a language the article does not target', () => {
    const state = given([aDraft({ targetLanguages: ['en'] }), aTranslation({ language: 'fr' }), anApproval()]).when(publish).thenFails('not_ready');
    expect(state.unmet).toEqual([{ code: 'translation_missing', language: 'en' }]);
  });

  it('refuses an unknown article and publishing twice', () => {
    given([]).when(publish).thenFails('article_not_found');
    given([aDraft(), aPublication()]).when(publish).thenFails('already_published');
  });

  it('reports what readinessOf() reports', () => {
    const history = [aDraft({ targetLanguages: ['en'] }), aClaim()];
    const failure = given(history).when(publish).thenFails('not_ready');
    const state = foldArticle(history);
    expect(state && readinessOf(state).unmet).toEqual(failure.unmet);
  });
});

describe('decide', () => {
  it('refuses a command it does not know instead of writing nothing', () => {
    expect(() => given([aDraft()]).when({ type: 'ArchiveArticle', userId: EDITOR, data: { articleId: ARTICLE_ID } } as unknown as ArticleCommand).then([])).toThrow(/Unknown article command ArchiveArticle/);
  });
});

describe('event metadata', () => {
  it('records the acting user and the injected clock on every event', () => {
    given([aDraft({ targetLanguages: ['en'] }), aTranslation()]).when(approve(OTHER_EDITOR)).then([anApproval(TRANSLATION_ID, OTHER_EDITOR)]);
  });
});
