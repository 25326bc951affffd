import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { anchorClaimQuote, anchorQuote } from '../article/anchoring.js';
import { matchingForm, normalizeForMatching } from './matching.js';

const hex = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('');

describe('normalizeForMatching, code point by code point', () => {
  it.each([...range(0x064b, 0x065f), 0x0670].map(hex))('ignores the tashkeel %s', (name) => {
    const mark = String.fromCodePoint(parseInt(name.slice(2), 16));
    expect(normalizeForMatching(`ب${mark}ت`)).toEqual({ text: 'بت', origins: [0, 2, 3] });
  });

  it.each([0x0640, ...range(0x200b, 0x200f), 0x061c, ...range(0x2066, 0x2069)].map(hex))('ignores the tatweel, bidi or zero-width mark %s', (name) => {
    const mark = String.fromCodePoint(parseInt(name.slice(2), 16));
    expect(normalizeForMatching(`ب${mark}ت`)).toEqual({ text: 'بت', origins: [0, 2, 3] });
  });

  it.each([
    ['أ', 'ا'],
    ['إ', 'ا'],
    ['آ', 'ا'],
    ['ٱ', 'ا'],
    ['ى', 'ي'],
    ['ة', 'ه'],
    ['ؤ', 'و'],
    ['ئ', 'ي'],
  ])('folds %s to %s', (letter, base) => {
    expect(normalizeForMatching(letter)).toEqual({ text: base, origins: [0, 1] });
  });

  it('folds a letter NFC fused with a hamza to its base, the hamza being tashkeel', () => {
    expect(matchingForm('ۀ')).toBe('ە');
    expect(matchingForm('ۓ')).toBe('ے');
  });

  it.each(range(0, 9))('folds the Eastern Arabic and Persian digit %i to ASCII', (digit) => {
    expect(matchingForm(String.fromCodePoint(0x0660 + digit))).toBe(String(digit));
    expect(matchingForm(String.fromCodePoint(0x06f0 + digit))).toBe(String(digit));
  });

  it('makes each run of white space one space, also across ignored marks, pointing at the run\'s first', () => {
    expect(normalizeForMatching('ا \t\n\u00A0\u3000ب')).toEqual({ text: 'ا ب', origins: [0, 1, 6, 7] });
    expect(normalizeForMatching('ا \u200F ب')).toEqual({ text: 'ا ب', origins: [0, 1, 4, 5] });
    expect(normalizeForMatching('  ')).toEqual({ text: ' ', origins: [0, 2] });
  });

  it('takes white space to be what \\s is in JavaScript, for every BMP code point', () => {
    const differ = range(0, 0xffff).filter((codePoint) => {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false;
      const character = String.fromCodePoint(codePoint);
      const ignored = matchingForm(`a${character}b`) === 'ab';
      return /\s/u.test(character) !== (matchingForm(`a${character}b`) === 'a b') && !ignored;
    });
    expect(differ).toEqual([]);
  });

  it('leaves everything else alone: other letters, marks that are not tashkeel, other bidi controls, case', () => {
    const kept = 'Ab é\u0301 ه ا ي و ب٫ 👩🏽 \u202B\u00AD\u0000\uFFFF\uD800';
    expect(matchingForm(kept)).toBe(kept);
    // U+200D is in the contract's zero-width range: an emoji ZWJ sequence matches its parts.
    expect(matchingForm('👩🏽\u200D💻')).toBe('👩🏽💻');
  });

  it('maps back in code points: an emoji counts one', () => {
    expect(normalizeForMatching('😀ـأ')).toEqual({ text: '😀ا', origins: [0, 2, 3] });
  });

  it('normalises the demo sentence', () => {
    expect(matchingForm('قالت القُوَّات إنها انسحبت عام ٢٠٠٣ ـ بحسب البيان\u200F، ')).toBe('قالت القوات انها انسحبت عام 2003 بحسب البيان، ');
  });
});

describe('anchorClaimQuote', () => {
  const body = 'أكّد المتحدث أن القُوَّاتِ باقيةٌ\u200F حتى ٢٠١١.';

  it('anchors an exact match as typed', () => {
    expect(anchorClaimQuote(body, 'القُوَّاتِ')).toEqual({ start: 16, end: 26, quote: 'القُوَّاتِ', normalized: false });
  });

  it('anchors a normalised match on the article\'s words, through the marks attached to its last letter', () => {
    expect(anchorClaimQuote(body, 'القوات')).toEqual({ start: 16, end: 26, quote: 'القُوَّاتِ', normalized: true });
    expect(anchorClaimQuote(body, 'باقيه حتي 2011')).toEqual({ start: 27, end: 43, quote: 'باقيةٌ\u200F حتى ٢٠١١', normalized: true });
    expect(anchorClaimQuote(body, 'اكد')).toEqual({ start: 0, end: 4, quote: 'أكّد', normalized: true });
  });

  it('does not take a bidi mark or tatweel after the last letter', () => {
    expect(anchorClaimQuote('قالــ\u200F ت', 'قال')).toEqual({ start: 0, end: 3, quote: 'قال', normalized: false });
    expect(anchorClaimQuote('أكّدَــ\u200F ت', 'اكد')).toEqual({ start: 0, end: 5, quote: 'أكّدَ', normalized: true });
  });

  it('counts normalised matches for the occurrence, and finds nothing for a quote of marks only', () => {
    expect(anchorClaimQuote('أمن إمن امن', 'امن', 1)).toEqual({ start: 8, end: 11, quote: 'امن', normalized: false });
    expect(anchorClaimQuote('أمن إمن آمن', 'امن', 2)).toEqual({ start: 4, end: 7, quote: 'إمن', normalized: true });
    expect(anchorClaimQuote('أمن إمن آمن', 'امن', 4)).toBeNull();
    expect(anchorClaimQuote('قال', '\u064E\u200F')).toBeNull();
  });
});

const letters = ['ا', 'ب', 'ت', 'ي', 'ه', 'و', 'ل', 'م', 'ن', 'ق', 'س', '1', '7', 'a', 'Z', '😀', ' ', ' ', '\n', '،'];
/** Variants the normalised form folds back to each letter. */
const variants: Record<string, string[]> = { ا: ['أ', 'إ', 'آ', 'ٱ'], ي: ['ى', 'ئ'], ه: ['ة'], و: ['ؤ'], '1': ['١', '۱'], '7': ['٧', '۷'], ' ': ['  ', ' \u200F ', '\t'] };
const noise = ['\u064B', '\u064E', '\u0650', '\u0651', '\u0652', '\u0654', '\u065F', '\u0670', '\u0640', '\u200B', '\u200E', '\u200F', '\u061C', '\u2066', '\u2069'];
/** A text and a way to disguise it: each letter may become a variant and take marks after it. */
const text = fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 40 });
const disguise = (points: string[]) =>
  fc.tuple(...points.map((point) => fc.tuple(fc.constantFrom(point, ...(variants[point] ?? [])), fc.array(fc.constantFrom(...noise), { maxLength: 2 })))).map((parts) =>
    parts.map(([letter, marks]) => letter + marks.join('')).join(''),
  );

describe('a disguised quote', () => {
  it('maps back to a span of the original whose normalisation equals the quote\'s', () => {
    const scenario = text.chain((points) =>
      fc.tuple(fc.constant(points), fc.nat(points.length - 1), fc.integer({ min: 1, max: points.length })).chain(([all, from, length]) =>
        fc.tuple(disguise(all), disguise(all.slice(from, from + length)), fc.boolean()),
      ),
    );
    fc.assert(
      fc.property(scenario, ([disguisedBody, disguisedQuote, plainQuote]) => {
        const body = disguisedBody.normalize('NFC');
        const quote = (plainQuote ? matchingForm(disguisedQuote) : disguisedQuote).normalize('NFC');
        if (matchingForm(quote) === '') return;
        const anchor = anchorClaimQuote(body, quote);
        expect(anchor).not.toBeNull();
        if (anchor === null) return;
        expect(anchor.quote).toBe(slice(body, anchor.start, anchor.end));
        expect(matchingForm(anchor.quote)).toBe(matchingForm(quote));
      }),
      { numRuns: 500 },
    );
  });

  it('lands on the n-th normalised match, as a naive search of the normalised text does', () => {
    fc.assert(
      fc.property(text.chain(disguise), fc.constantFrom('ا', 'ي', 'ب ا', ' ', 'ه و'), fc.integer({ min: 1, max: 4 }), (disguised, quote, occurrence) => {
        const body = disguised.normalize('NFC');
        const { text: normalized, origins } = normalizeForMatching(body);
        const points = Array.from(normalized);
        const wanted = Array.from(quote);
        const starts = points.map((_, i) => i).filter((i) => wanted.every((point, j) => points[i + j] === point));
        const anchor = anchorClaimQuote(body, quote, occurrence);
        if (body.includes(quote)) {
          const exact = anchorQuote(body, quote, occurrence);
          expect(anchor).toEqual(exact && { ...exact, quote, normalized: false });
          return;
        }
        expect(anchor?.start ?? null).toBe(starts.length >= occurrence ? origins[starts[occurrence - 1]] : null);
      }),
      { numRuns: 300 },
    );
  });
});
