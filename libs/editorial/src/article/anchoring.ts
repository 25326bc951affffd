/**
 * Text-quote anchoring in the spirit of the W3C Web Annotation TextQuoteSelector. All offsets
 * are Unicode code points (an emoji outside the BMP counts 1, not 2), end exclusive, into the
 * NFC form of the text: that is what clients in any language can slice consistently.
 */

export interface Anchor {
  start: number;
  end: number;
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    if (!(isLowSurrogate(text.charCodeAt(i)) && i > 0 && isHighSurrogate(text.charCodeAt(i - 1)))) length++;
  }
  return length;
}

function splitsSurrogatePair(text: string, index: number): boolean {
  return index > 0 && index < text.length && isLowSurrogate(text.charCodeAt(index)) && isHighSurrogate(text.charCodeAt(index - 1));
}

/**
 * Code-point start of every match of `quote` in `text`, both taken as given (callers pass
 * NFC), in order. Overlapping matches count: "ووو" holds "وو" twice.
 */
export function findQuoteStarts(text: string, quote: string): number[] {
  const starts: number[] = [];
  if (quote.length === 0) return starts;
  let unitIndex = text.indexOf(quote);
  let countedUnits = 0;
  let countedPoints = 0;
  while (unitIndex !== -1) {
    if (!splitsSurrogatePair(text, unitIndex) && !splitsSurrogatePair(text, unitIndex + quote.length)) {
      countedPoints += codePointLength(text.slice(countedUnits, unitIndex));
      countedUnits = unitIndex;
      starts.push(countedPoints);
    }
    unitIndex = text.indexOf(quote, unitIndex + 1);
  }
  return starts;
}

/**
 * The `occurrence`-th (1-based) match of the NFC quote in the NFC body, or null when there
 * are fewer matches (or the quote is empty).
 */
export function anchorQuote(body: string, quote: string, occurrence = 1): Anchor | null {
  const nfcQuote = quote.normalize('NFC');
  const starts = findQuoteStarts(body.normalize('NFC'), nfcQuote);
  const start = starts[occurrence - 1];
  return start === undefined ? null : { start, end: start + codePointLength(nfcQuote) };
}

/**
 * Where a position in `before` lands in `after`, assuming a single edit between them: the
 * common prefix stays put, the common suffix moves by the change in length, and a position
 * inside the edited span is the best guess there is of itself.
 */
export function mapPositionThroughEdit(before: string, after: string, position: number): number {
  const old = Array.from(before);
  const next = Array.from(after);
  let prefix = 0;
  const shorter = Math.min(old.length, next.length);
  while (prefix < shorter && old[prefix] === next[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && old[old.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix++;
  if (position < prefix) return position;
  if (position >= old.length - suffix) return position + (next.length - old.length);
  return Math.min(position, next.length);
}

/**
 * Re-anchors a quote after its text was revised: the match closest to where the quote's old
 * start lands in the new text, the earlier one on a tie, or null when the quote is gone.
 * Counting occurrences instead would jump to another copy of the quote as soon as the
 * revision inserts one before it, and measuring the distance from the raw old offset would
 * do the same whenever the inserted text is shorter than the gap to the neighbouring copy;
 * mapping the old start through the edit keeps the claim on the words it was made about.
 */
export function reanchorQuote(before: string, after: string, quote: string, previousStart: number): Anchor | null {
  const starts = findQuoteStarts(after, quote);
  if (starts.length === 0) return null;
  const target = mapPositionThroughEdit(before, after, previousStart);
  let best = starts[0];
  for (const start of starts) {
    if (Math.abs(start - target) < Math.abs(best - target)) best = start;
  }
  return { start: best, end: best + codePointLength(quote) };
}
