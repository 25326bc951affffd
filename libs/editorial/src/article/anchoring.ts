/**
 * Text-quote anchoring in the spirit of the W3C Web Annotation TextQuoteSelector. All offsets
 * are Unicode code points (an emoji outside the BMP counts 1, not 2), end exclusive, into the
 * NFC form of the text: that is what clients in any language can slice consistently.
 */

import { isTashkeel, matchingForm, normalizeForMatching } from '../matching/matching.js';

export interface Anchor {
  start: number;
  end: number;
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
/** The unit at `index` is the second half of a surrogate pair, so it starts no code point. */
const isSecondHalf = (text: string, index: number) =>
  index > 0 && isLowSurrogate(text.charCodeAt(index)) && isHighSurrogate(text.charCodeAt(index - 1));
const splitsSurrogatePair = (text: string, index: number) => index < text.length && isSecondHalf(text, index);
const cutsNoPair = (text: string, unitStart: number, length: number) => !splitsSurrogatePair(text, unitStart) && !splitsSurrogatePair(text, unitStart + length);
const SURROGATE = /[\ud800-\udfff]/;

export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) if (!isSecondHalf(text, i)) length++;
  return length;
}

/**
 * Code-point start of every match of `quote` in `text`, both taken as given (callers pass
 * NFC), in order. Overlapping matches count: "ووو" holds "وو" twice.
 */
export function findQuoteStarts(text: string, quote: string): number[] {
  const starts: number[] = [];
  visitQuoteStarts(text, quote, (start) => {
    starts.push(start);
    return true;
  });
  return starts;
}

/**
 * Calls `visit` with the code-point start of each match, in order, until it returns false. Counts
 * code points only as far as the matches go, rather than indexing the whole text: anchoring
 * usually stops at an early occurrence.
 */
function visitQuoteStarts(text: string, quote: string, visit: (start: number) => boolean): void {
  const hasSurrogates = SURROGATE.test(text);
  let countedUnits = 0;
  let countedPoints = 0;
  visitMatchUnits(text, quote, (unitStart) => {
    if (!hasSurrogates) return visit(unitStart);
    for (; countedUnits < unitStart; countedUnits++) if (!isSecondHalf(text, countedUnits)) countedPoints++;
    return visit(countedPoints);
  });
}

/**
 * Calls `visit` with the UTF-16 index of each match that cuts no surrogate pair, in order, until
 * it returns false. Linear in the text and the quote whatever they hold: native indexOf jumps to
 * the next match while no partial match is open, and Knuth–Morris–Pratt carries overlapping
 * ones. Searching again after every match with indexOf alone costs the quote's length per match:
 * a 2,000-unit quote in repetitive text took a quarter of a second per claim.
 */
function visitMatchUnits(text: string, quote: string, visit: (unitStart: number) => boolean): void {
  const m = quote.length;
  if (m === 0) return;
  const fallback = new Int32Array(m);
  for (let i = 1, k = 0; i < m; i++) {
    while (k > 0 && quote.charCodeAt(i) !== quote.charCodeAt(k)) k = fallback[k - 1];
    if (quote.charCodeAt(i) === quote.charCodeAt(k)) k++;
    fallback[i] = k;
  }
  for (let i = 0, k = 0; i < text.length; i++) {
    if (k === 0) {
      i = text.indexOf(quote, i);
      if (i === -1) return;
    }
    while (k > 0 && text.charCodeAt(i) !== quote.charCodeAt(k)) k = fallback[k - 1];
    if (text.charCodeAt(i) === quote.charCodeAt(k)) k++;
    if (k < m) continue;
    k = fallback[m - 1];
    const unitStart = i - m + 1;
    if (cutsNoPair(text, unitStart, m) && !visit(unitStart)) return;
  }
}

/**
 * The `occurrence`-th (1-based) match of the NFC quote in the NFC body, or null when there
 * are fewer matches (or the quote is empty).
 */
export function anchorQuote(body: string, quote: string, occurrence = 1): Anchor | null {
  if (occurrence < 1) return null;
  const nfcQuote = quote.normalize('NFC');
  let seen = 0;
  let found: number | undefined;
  visitQuoteStarts(body.normalize('NFC'), nfcQuote, (start) => {
    seen += 1;
    if (seen < occurrence) return true;
    found = start;
    return false;
  });
  return found === undefined ? null : { start: found, end: found + codePointLength(nfcQuote) };
}

export interface ClaimAnchoring extends Anchor {
  /** The article's own words at [start, end): the quote a claim keeps. */
  quote: string;
  /** Found through the normalised form (matching.ts), not as typed. */
  normalized: boolean;
}

/**
 * Where a claim's quote anchors (API.md "Matching"). A quote that occurs as typed (after NFC)
 * anchors on its `occurrence`-th exact match. Only a quote that does not occur as typed at all
 * is looked for in the normalised form, `occurrence` then counting normalised matches: the
 * claim anchors from the first matched character through the tashkeel attached to the last one,
 * and its quote becomes that span of the body, so re-anchoring after a revision finds the
 * article's own words again. Counting exact and normalised matches together would give two
 * occurrence numbers to one place. Linear in the body and the quote.
 */
export function anchorClaimQuote(body: string, quote: string, occurrence = 1): ClaimAnchoring | null {
  if (occurrence < 1) return null;
  const nfcBody = body.normalize('NFC');
  const nfcQuote = quote.normalize('NFC');
  const exact = nthMatch(nfcBody, nfcQuote, occurrence);
  if (exact.start !== undefined) return { start: exact.start, end: exact.start + codePointLength(nfcQuote), quote: nfcQuote, normalized: false };
  if (exact.seen > 0) return null;

  const normalizedQuote = matchingForm(nfcQuote);
  if (normalizedQuote.length === 0) return null;
  const normalizedBody = normalizeForMatching(nfcBody);
  const { start: normalizedStart } = nthMatch(normalizedBody.text, normalizedQuote, occurrence);
  if (normalizedStart === undefined) return null;
  const start = normalizedBody.origins[normalizedStart];
  const last = normalizedBody.origins[normalizedStart + codePointLength(normalizedQuote) - 1];
  // Walk to the span in UTF-16 units once; tashkeel are BMP, so each one after the last is one unit.
  let unit = 0;
  let unitStart = 0;
  for (let point = 0; point <= last; point++) {
    if (point === start) unitStart = unit;
    unit += (nfcBody.codePointAt(unit) as number) > 0xffff ? 2 : 1;
  }
  let end = last + 1;
  for (; unit < nfcBody.length && isTashkeel(nfcBody.charCodeAt(unit)); unit++) end++;
  return { start, end, quote: nfcBody.slice(unitStart, unit), normalized: true };
}

/** The code-point start of the n-th match (if there are n), and how many matches were seen. */
function nthMatch(text: string, quote: string, occurrence: number): { start?: number; seen: number } {
  let seen = 0;
  let start: number | undefined;
  visitQuoteStarts(text, quote, (at) => {
    seen += 1;
    if (seen < occurrence) return true;
    start = at;
    return false;
  });
  return start === undefined ? { seen } : { start, seen };
}

/**
 * Where positions in `before` land in `after`, assuming a single edit between them: the
 * common prefix stays put, the common suffix moves by the change in length, and a position
 * inside the edited span is the best guess there is of itself. Computed once per revision.
 */
export function editMapping(before: string, after: string): (position: number) => number {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (splitsSurrogatePair(before, prefix) || splitsSurrogatePair(after, prefix)) prefix--;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // A suffix that starts mid-pair needs no such care: the high surrogate left in the edited
  // span counts as the one code point the pair is.

  const prefixEnd = codePointLength(before.slice(0, prefix));
  const suffixStart = prefixEnd + codePointLength(before.slice(prefix, before.length - suffix));
  const afterLength = codePointLength(after);
  const shift = afterLength - codePointLength(before);
  return (position) => {
    if (position < prefixEnd) return position;
    if (position >= suffixStart) return position + shift;
    return Math.min(position, afterLength);
  };
}

/**
 * Re-anchors a quote in revised text: the match closest to `target` (where the quote's old
 * start lands, see editMapping), the earlier one on a tie, or null when the quote is gone.
 * Counting occurrences instead would jump to another copy of the quote as soon as the
 * revision inserts one before it, and measuring the distance from the raw old offset would
 * do the same whenever the inserted text is shorter than the gap to the neighbouring copy;
 * mapping the old start through the edit keeps the claim on the words it was made about.
 */
export function reanchorQuote(after: string, quote: string, target: number): Anchor | null {
  return reanchorer(after)(quote, target);
}

/**
 * reanchorQuote for every claim of one revision. A revision re-anchors all claims, so each
 * claim looks only for its nearest match on either side of where its old start lands: one
 * native search forwards in the text, one forwards in the reversed text for the match before.
 * Listing every match of every quote cost claims × matches: seconds for thousands of claims in
 * repetitive text, and a backwards lastIndexOf can take tens of milliseconds on such text.
 */
export function reanchorer(after: string): (quote: string, target: number) => Anchor | null {
  const points = codePointIndex(after);
  let reversed: string | undefined;
  const gone = new Set<string>();
  return (quote, target) => {
    if (quote.length === 0 || gone.has(quote)) return null;
    const at = Math.min(Math.max(target, 0), points.count);
    const unit = points.unitAt(at);
    const next = firstMatchFrom(after, quote, unit);
    let start: number | undefined = next === undefined ? undefined : points.pointAt(next);
    if (next !== unit) {
      reversed ??= reverseUnits(after);
      const previous = lastMatchBefore(after, reversed, quote, unit);
      const before = previous === undefined ? undefined : points.pointAt(previous);
      if (before !== undefined && (start === undefined || at - before <= start - at)) start = before;
    }
    if (start === undefined) {
      gone.add(quote);
      return null;
    }
    return { start, end: start + codePointLength(quote) };
  };
}

const reverseUnits = (text: string) => {
  let reversed = '';
  for (let i = text.length - 1; i >= 0; i--) reversed += text[i];
  return reversed;
};

/** The UTF-16 index of the first match at or after `from` that cuts no surrogate pair. */
function firstMatchFrom(text: string, quote: string, from: number): number | undefined {
  for (let i = text.indexOf(quote, from); i !== -1; i = text.indexOf(quote, i + 1)) if (cutsNoPair(text, i, quote.length)) return i;
  return undefined;
}

/** The UTF-16 index of the last match starting before `before`, found forwards in the reversed text. */
function lastMatchBefore(text: string, reversed: string, quote: string, before: number): number | undefined {
  const reversedQuote = reverseUnits(quote);
  const m = quote.length;
  // A match at [s, s + m) in the text is one at [n − s − m, n − s) in the reversed text.
  for (let r = reversed.indexOf(reversedQuote, Math.max(0, text.length - before - m + 1)); r !== -1; r = reversed.indexOf(reversedQuote, r + 1)) {
    const start = text.length - r - m;
    if (cutsNoPair(text, start, m)) return start;
  }
  return undefined;
}

interface CodePointIndex {
  count: number;
  unitAt(point: number): number;
  pointAt(unit: number): number;
}

/** Code-point ↔ UTF-16 positions, at a cost only for text that has surrogate pairs. */
function codePointIndex(text: string): CodePointIndex {
  if (!SURROGATE.test(text)) return { count: text.length, unitAt: (point) => point, pointAt: (unit) => unit };
  const units: number[] = [];
  for (let i = 0; i < text.length; i++) if (!isSecondHalf(text, i)) units.push(i);
  units.push(text.length);
  return {
    count: units.length - 1,
    unitAt: (point) => units[point],
    pointAt: (unit) => {
      let low = 0;
      let high = units.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (units[middle] < unit) low = middle + 1;
        else high = middle;
      }
      return low;
    },
  };
}
