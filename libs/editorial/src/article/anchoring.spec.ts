import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { anchorQuote, codePointLength, editMapping, findQuoteStarts, reanchorer, reanchorQuote } from './anchoring.js';
import { BODY, FIRST_QUOTE, QUOTE, SECOND_QUOTE } from './article.spec-helper.js';

const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('');

describe('codePointLength', () => {
  it('counts code points: surrogate pairs once, ZWJ sequences and tashkeel per code point', () => {
    expect(codePointLength('😀')).toBe(1);
    expect(codePointLength('👩🏽‍💻')).toBe(4);
    expect(codePointLength(QUOTE)).toBe(9);
    expect(codePointLength('ـ\u200F\u061C٢٠٠٣')).toBe(7);
    expect(codePointLength('\uD800x')).toBe(2);
  });
});

describe('anchorQuote', () => {
  it('finds the n-th match in code points, end exclusive', () => {
    expect(anchorQuote(BODY, QUOTE)).toEqual(FIRST_QUOTE);
    expect(anchorQuote(BODY, QUOTE, 2)).toEqual(SECOND_QUOTE);
    expect(anchorQuote(BODY, QUOTE, 3)).toBeNull();
    expect(slice(BODY, SECOND_QUOTE.start, SECOND_QUOTE.end)).toBe(QUOTE);
  });

  it('moves by one code point per emoji before the quote, not by its two UTF-16 units', () => {
    expect(anchorQuote(`😀${BODY}`, QUOTE)).toEqual({ start: FIRST_QUOTE.start + 1, end: FIRST_QUOTE.end + 1 });
    expect(`😀${BODY}`.indexOf(QUOTE) - BODY.indexOf(QUOTE)).toBe(2);
  });

  it('normalises both sides to NFC before matching', () => {
    expect(anchorQuote('وأكد المتحدث', 'و\u0627\u0654كد')).toEqual({ start: 0, end: 4 });
    expect(anchorQuote('و\u0627\u0654كد المتحدث', 'وأكد')).toEqual({ start: 0, end: 4 });
    expect(anchorQuote(BODY, 'القُو\u0651\u064Eات')).toEqual(FIRST_QUOTE);
  });

  it('counts overlapping matches', () => {
    expect(findQuoteStarts('ووووو', 'ووو')).toEqual([0, 1, 2]);
    expect(findQuoteStarts('😀😀😀', '😀😀')).toEqual([0, 1]);
  });

  it('never matches half of a surrogate pair', () => {
    expect(findQuoteStarts('😀', '\uDE00')).toEqual([]);
    expect(findQuoteStarts('😀', '\uD83D')).toEqual([]);
  });

  it('finds nothing for an empty quote', () => {
    expect(anchorQuote(BODY, '')).toBeNull();
  });
});

describe('reanchorQuote', () => {
  const reanchor = (before: string, after: string, start: number, quote = QUOTE) => reanchorQuote(after, quote, editMapping(before, after)(start));

  it('follows the quote through an edit before it', () => {
    expect(reanchor(BODY, `مقدمة ${BODY}`, SECOND_QUOTE.start)).toEqual({ start: SECOND_QUOTE.start + 6, end: SECOND_QUOTE.end + 6 });
  });

  it('stays on its own copy when a short insertion before it brings another copy nearer to the old offset', () => {
    const after = `${QUOTE}: ${BODY}`;
    expect(reanchor(BODY, after, FIRST_QUOTE.start)).toEqual({ start: FIRST_QUOTE.start + 11, end: FIRST_QUOTE.end + 11 });
  });

  it('keeps its offsets when the edit is after it', () => {
    expect(reanchor(BODY, `${BODY} ${QUOTE}`, FIRST_QUOTE.start)).toEqual(FIRST_QUOTE);
  });

  it('takes the nearest copy when its own text was edited, and the earlier one on a tie', () => {
    expect(reanchor('--ق--', 'ق---ق', 2, 'ق')).toEqual({ start: 0, end: 1 });
    expect(reanchor('---ق---', 'ق---ق--', 3, 'ق')).toEqual({ start: 4, end: 5 });
    expect(reanchorQuote('ق--ق', 'ق', 1)).toEqual({ start: 0, end: 1 });
    expect(reanchorQuote('ق--ق', 'ق', 2)).toEqual({ start: 3, end: 4 });
  });

  it('measures nearness in code points, not UTF-16 units: the nearer match may lie behind emoji', () => {
    // و at code point 0 is 3 code points (5 UTF-16 units) before the target; و at 7 is 4 code points (4 units) after it.
    const body = 'و😀😀اااا' + 'و';
    expect(reanchorer(body)('و', 3)).toEqual({ start: 0, end: 1 });
    expect(reanchorQuote(body, 'و', 3)).toEqual({ start: 0, end: 1 });
  });

  it('is null when the quote is gone', () => {
    expect(reanchor(BODY, BODY.replaceAll(QUOTE, 'الجنود'), FIRST_QUOTE.start)).toBeNull();
  });
});

describe('editMapping', () => {
  it('keeps positions before the edit, shifts those after it and leaves those inside it in place', () => {
    const inserted = editMapping('أبجد هوز', 'أبجد 😀 هوز');
    expect([0, 4, 5, 7].map(inserted)).toEqual([0, 4, 7, 9]);
    const replaced = editMapping('أبجد هوز', 'أبـ هوز');
    expect([1, 2, 3, 4, 5].map(replaced)).toEqual([1, 2, 3, 3, 4]);
    expect(editMapping('أبجد هوز', 'أ')(6)).toBe(1);
  });

  it('never cuts a surrogate pair in two when the edit changes half of one', () => {
    // 😀 is D83D DE00 and 😁 is D83D DE01: they share their first UTF-16 unit.
    const swapped = editMapping('ا😀ب', 'ا😁ب');
    expect([0, 1, 2].map(swapped)).toEqual([0, 1, 2]);
    expect(editMapping('ا😀ب', 'ا😀😁ب')(2)).toBe(3);
    expect(editMapping('😀ب', '😁😀ب')(0)).toBe(1);
    // 😀 is D83D DE00 and 🈀 is D83C DE00: they share their second unit.
    expect([0, 1, 2].map(editMapping('ا😀ب', 'ا🈀ب'))).toEqual([0, 1, 2]);
    expect([0, 1, 2].map(editMapping('ا😀ب', 'ا🈀😀ب'))).toEqual([0, 2, 3]);
  });
});

const alphabet = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('و', 'ا', 'ـ', 'ق', '\u064E', '\u0651', '\u0653', '\u0654', '٢', '\u200F', '\u061C', '😀', '👩🏽‍💻', ' ') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);
const text = fc.string({ unit: alphabet, minLength: 1, maxLength: 40 });
/** Code-point starts of every match, the slow obvious way. */
const naiveStarts = (body: string, quote: string) => {
  const points = Array.from(body);
  const length = codePointLength(quote);
  return points.map((_, start) => start).filter((start) => points.slice(start, start + length).join('') === quote);
};

describe('anchoring properties', () => {
  it('slices the NFC body back to the NFC quote, and the n-th occurrence is the n-th match', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 6 }), (raw, a, b, occurrence) => {
        const body = raw.normalize('NFC');
        const points = Array.from(body);
        const from = a % points.length;
        const to = from + 1 + (b % (points.length - from));
        const quote = points.slice(from, to).join('');
        const nfcQuote = quote.normalize('NFC');
        const expected = naiveStarts(body, nfcQuote)[occurrence - 1];
        const anchor = anchorQuote(raw, quote, occurrence);
        expect(anchor?.start).toBe(expected);
        if (anchor) expect(slice(body, anchor.start, anchor.end)).toBe(nfcQuote);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a picked substring at its own position under the occurrence that counts it', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (raw, a, b) => {
        const body = raw.normalize('NFC');
        const points = Array.from(body);
        const from = a % points.length;
        const quote = points.slice(from, from + 1 + (b % (points.length - from))).join('');
        fc.pre(quote === quote.normalize('NFC'));
        const starts = findQuoteStarts(body, quote);
        expect(starts).toContain(from);
        expect(anchorQuote(body, quote, starts.indexOf(from) + 1)).toEqual({ start: from, end: from + codePointLength(quote) });
      }),
      { numRuns: 2000 },
    );
  });

  it('finds every match, overlapping ones too, and re-anchors on the nearest, in texts that repeat themselves', () => {
    // Two letters and an emoji: partial matches overlap all the time, which is where a linear search can go wrong.
    const tiny = fc.constantFrom('و', 'ا', '😀');
    fc.assert(
      fc.property(fc.string({ unit: tiny, maxLength: 60 }), fc.string({ unit: tiny, minLength: 1, maxLength: 6 }), fc.nat(70), (body, quote, target) => {
        const naive = naiveStarts(body, quote);
        expect(findQuoteStarts(body, quote)).toEqual(naive);
        const nearest = naive.reduce<number | undefined>((best, start) => (best === undefined || Math.abs(start - target) < Math.abs(best - target) ? start : best), undefined);
        expect(reanchorQuote(body, quote, target)).toEqual(nearest === undefined ? null : { start: nearest, end: nearest + codePointLength(quote) });
      }),
      { numRuns: 3000 },
    );
  });

  it('re-anchors many quotes in one text as each alone would', () => {
    // Lone halves of the emoji's pair too: a match must never take half of a pair.
    const tiny = fc.constantFrom('و', 'ا', '😀', '\ud83d', '\ude00');
    const quoteAndTarget = fc.tuple(fc.string({ unit: tiny, minLength: 1, maxLength: 4 }), fc.nat(40));
    fc.assert(
      fc.property(fc.string({ unit: tiny, maxLength: 40 }), fc.array(quoteAndTarget, { maxLength: 12 }), (body, claims) => {
        const nearest = (quote: string, target: number) =>
          naiveStarts(body, quote).reduce<number | undefined>((best, start) => (best === undefined || Math.abs(start - target) < Math.abs(best - target) ? start : best), undefined);
        const expected = claims.map(([quote, target]) => {
          const start = nearest(quote, target);
          return start === undefined ? null : { start, end: start + codePointLength(quote) };
        });
        const reanchor = reanchorer(body);
        expect(claims.map(([quote, target]) => reanchor(quote, target))).toEqual(expected);
      }),
      { numRuns: 1500 },
    );
  });
});
