import { describe, expect, it } from '@jest/globals';
import { ARTICLE_ERROR_CATEGORIES, ARTICLE_ERROR_CODES, ArticleRuleError } from './article.errors.js';
import { canonicalLanguage, canonicalLanguages, hasForbiddenControlCharacter, isHttpUrl, LIMITS, normalizeSources, normalizeText, validClaimedAt } from './article.input.js';

describe('LIMITS', () => {
  it('are the contract numbers', () => {
    expect(LIMITS).toMatchObject({
      title: { min: 1, max: 300 },
      body: { min: 1, max: 100_000 },
      quote: { min: 1, max: 2_000 },
      claimant: { max: 300 },
      rationale: { min: 1, max: 5_000 },
      sources: { max: 20 },
      reason: { min: 1, max: 2_000 },
      byline: { max: 300 },
      source: { max: 300 },
      languageTag: { max: 64 },
      targetLanguages: { max: 50 },
    });
  });
});

describe('normalizeText', () => {
  it('returns NFC and counts code points against the limits', () => {
    expect(normalizeText('quote', 'ا\u0653', { min: 1, max: 1 })).toBe('آ');
    expect(normalizeText('body', '👩🏽‍💻', { min: 4, max: 4 })).toBe('👩🏽‍💻');
    expect(() => normalizeText('body', '👩🏽‍💻', { max: 3 })).toThrow(ArticleRuleError);
  });

  it('refuses non-strings, C0 controls and lone surrogates', () => {
    for (const bad of [42, null, 'a\u0000', 'a\u0007', 'a\u001F', 'a\uD800', 'a\uDC00b']) {
      expect(() => normalizeText('body', bad, LIMITS.body)).toThrow(expect.objectContaining({ code: 'invalid_input', category: 'invalid', field: 'body' }));
    }
    expect(hasForbiddenControlCharacter('سطر\tأول\r\n\u007F\u200F')).toBe(false);
  });
});

describe('canonicalLanguages', () => {
  it('canonicalises each tag once, at most LIMITS.targetLanguages.max of them', () => {
    expect(canonicalLanguages('targetLanguages', ['EN', 'en', 'fr-ca'])).toEqual(['en', 'fr-CA']);
    expect(canonicalLanguages('targetLanguages', undefined)).toEqual([]);
    expect(() => canonicalLanguages('targetLanguages', Array(51).fill('en'))).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'targetLanguages' }));
    expect(() => canonicalLanguages('targetLanguages', 'en')).toThrow(expect.objectContaining({ field: 'targetLanguages' }));
    expect(() => canonicalLanguages('targetLanguages', ['en', 'not a tag'])).toThrow(expect.objectContaining({ field: 'targetLanguages[1]' }));
  });
});

describe('canonicalLanguage', () => {
  it('refuses a tag longer than LIMITS.languageTag.max, however well-formed', () => {
    const long = `en-${Array.from({ length: 20 }, () => 'abcdefgh').join('-')}`;
    expect(() => canonicalLanguage('language', long)).toThrow(expect.objectContaining({ field: 'language' }));
  });


  it('canonicalises BCP 47 tags and refuses anything else', () => {
    expect(canonicalLanguage('language', 'AR')).toBe('ar');
    expect(canonicalLanguage('language', 'ar-sy')).toBe('ar-SY');
    expect(canonicalLanguage('language', 'zh-hant-tw')).toBe('zh-Hant-TW');
    for (const bad of ['', 'ar_SY', 'not a tag', 42]) expect(() => canonicalLanguage('language', bad)).toThrow(ArticleRuleError);
  });
});

describe('sources and claimedAt', () => {
  it('accepts http(s) sources with an optional title, ISO-8601 dates and date-times', () => {
    expect(normalizeSources([{ url: 'https://example.org/تقرير', title: 'تقرير' }, { url: 'http://example.com' }])).toEqual([
      { url: 'https://example.org/تقرير', title: 'تقرير' },
      { url: 'http://example.com' },
    ]);
    expect(validClaimedAt('2021-07-26')).toBe('2021-07-26');
    expect(validClaimedAt('2021-07-26T12:30:00.000Z')).toBe('2021-07-26T12:30:00.000Z');
    expect(validClaimedAt('2021-07-26T12:30+03:00')).toBe('2021-07-26T09:30:00.000Z');
    expect(validClaimedAt('0050-01-01T00:00:00Z')).toBe('0050-01-01T00:00:00.000Z');
    expect(validClaimedAt('9999-12-31T23:59:59+14:00')).toBe('9999-12-31T09:59:59.000Z');
    expect(validClaimedAt('0000-01-01T00:00:00-01:00')).toBe('0000-01-01T01:00:00.000Z');
  });

  it('refuses other schemes, non-objects and impossible dates', () => {
    for (const bad of [[{ url: 'ftp://example.org' }], ['https://example.org'], [{ url: '' }], 'x']) expect(() => normalizeSources(bad)).toThrow(ArticleRuleError);
    for (const bad of ['2021-13-45', '2021-02-30', '0099-02-29', 'yesterday', '2021-07-26 12:30', 20210726, '9999-12-31T23:59:59-14:00', '0000-01-01T00:00:00+01:00']) expect(() => validClaimedAt(bad)).toThrow(ArticleRuleError);
  });
});

describe('ArticleRuleError', () => {
  it('derives its category from its code', () => {
    expect(new ArticleRuleError('own_translation', 'x').category).toBe('forbidden');
    expect(new ArticleRuleError('not_ready', 'x', { unmet: [] })).toMatchObject({ category: 'conflict', unmet: [], message: 'x', name: 'ArticleRuleError' });
    expect(ARTICLE_ERROR_CODES).toEqual(Object.keys(ARTICLE_ERROR_CATEGORIES));
    expect(new ArticleRuleError('quote_not_found', 'x')).toBeInstanceOf(Error);
  });

  it('takes a source URL as a reader would type it: http(s), //, a host, no spaces, no backslashes', () => {
    const good = ['https://example.org', 'http://example.com/path?q=1#top', 'https://example.org/تقرير', 'HTTPS://EXAMPLE.ORG', 'https://user@example.org:8443/x', 'http://[::1]/', 'https://مثال.عرب/'];
    const bad = ['http:/x', 'https:///x', 'http:\\\\x.org', 'http://x.org\\path', ' http://x.org', 'http://x.org ', 'http://x .org', 'http://', 'http://?q', 'javascript:alert(1)', 'ftp://example.org', 'data:text/plain,x', '//example.org', 'https://example.org/a\u00a0b'];
    expect(good.filter((url) => !isHttpUrl(url))).toEqual([]);
    expect(bad.filter((url) => isHttpUrl(url))).toEqual([]);
  });
});
