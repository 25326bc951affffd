/**
 * The one normalised form quotes and searches match through, Arabic first (API.md "Matching"):
 * tashkeel, tatweel and bidi or zero-width marks are ignored, alef forms, alef maqsura, teh
 * marbuta and the hamza seats fold to their base letter, Eastern Arabic and Persian digits to
 * 0–9, and each run of white space is one space. Nothing else changes: no case folding, no
 * other script. Callers pass NFC text (everything stored is NFC), so a decomposed alef with
 * hamza has already been composed and folds like the composed one.
 */

export interface NormalizedText {
  /** The normalised text. */
  text: string;
  /**
   * For each code point of `text`, the index (in code points) of the original code point it
   * stands for (a space stands for the first of its run); one more entry at the end holds the
   * original's length, so a normalised end offset maps too.
   */
  origins: number[];
}

/** Tashkeel (U+064B–U+065F, U+0670): the marks a normalised match carries along after its last letter. */
export const isTashkeel = (codePoint: number) => (codePoint >= 0x064b && codePoint <= 0x065f) || codePoint === 0x0670;

const TATWEEL = 0x0640;
const isBidiOrZeroWidth = (codePoint: number) => (codePoint >= 0x200b && codePoint <= 0x200f) || codePoint === 0x061c || (codePoint >= 0x2066 && codePoint <= 0x2069);
const isIgnored = (codePoint: number) => isTashkeel(codePoint) || codePoint === TATWEEL || isBidiOrZeroWidth(codePoint);
/** What `\s` matches in JavaScript: Unicode White_Space and U+FEFF. */
const isWhiteSpace = (codePoint: number) =>
  (codePoint >= 0x09 && codePoint <= 0x0d) ||
  codePoint === 0x20 ||
  (codePoint >= 0xa0 &&
    (codePoint === 0xa0 || codePoint === 0x1680 || (codePoint >= 0x2000 && codePoint <= 0x200a) || codePoint === 0x2028 || codePoint === 0x2029 || codePoint === 0x202f || codePoint === 0x205f || codePoint === 0x3000 || codePoint === 0xfeff));

const FOLDED = new Map<number, string>([
  [0x0623, 'ا'], // أ
  [0x0625, 'ا'], // إ
  [0x0622, 'ا'], // آ
  [0x0671, 'ا'], // ٱ
  [0x0649, 'ي'], // ى
  [0x0629, 'ه'], // ة
  [0x0624, 'و'], // ؤ
  [0x0626, 'ي'], // ئ
]);
// NFC fuses some letters with a following hamza or madda (U+0653–U+0655), which are tashkeel:
// ignoring the mark means folding the fused letter back to its base (ۀ → ه, ۓ → ے). The alef
// forms and hamza seats listed above are among them; their entries say so explicitly.
for (let codePoint = 0x0620; codePoint <= 0x06ff; codePoint++) {
  const letter = String.fromCodePoint(codePoint);
  const [base, ...marks] = Array.from(letter.normalize('NFD'));
  if (marks.length > 0 && marks.every((mark) => isTashkeel(mark.codePointAt(0) as number)) && !FOLDED.has(codePoint)) {
    FOLDED.set(codePoint, FOLDED.get(base.codePointAt(0) as number) ?? base);
  }
}
for (let digit = 0; digit <= 9; digit++) {
  FOLDED.set(0x0660 + digit, String(digit)); // Eastern Arabic ٠–٩
  FOLDED.set(0x06f0 + digit, String(digit)); // Persian ۰–۹
}

// One table lookup per UTF-16 unit: what the unit becomes (itself, a folded letter or digit, a
// space) or IGNORED. Every fold is one BMP unit to one BMP unit.
const IGNORED = 0;
const SPACE = 0x20;
const TABLE = new Uint16Array(0x10000);
for (let unit = 0; unit < 0x10000; unit++) {
  if (isIgnored(unit)) TABLE[unit] = IGNORED;
  else if (isWhiteSpace(unit)) TABLE[unit] = SPACE;
  else TABLE[unit] = FOLDED.get(unit)?.charCodeAt(0) ?? unit;
}

/** The normalised text and where each of its code points came from. Linear in the text. */
export function normalizeForMatching(text: string): NormalizedText {
  const origins: number[] = [];
  return { text: fold(text, origins), origins };
}

/** The normalised text alone: what a search index stores and what a query is turned into. */
export function matchingForm(text: string): string {
  return fold(text, null);
}

/**
 * Most of a text passes unchanged, so the result is built from slices of it, cut only where a
 * unit is dropped or replaced. `origins`, when given, receives the origin of each code point.
 */
function fold(text: string, origins: number[] | null): string {
  let folded = '';
  let sliceStart = 0;
  let lastIsSpace = false;
  let index = 0;
  for (let unit = 0; unit < text.length; unit++, index++) {
    const code = text.charCodeAt(unit);
    if (code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length) {
      const next = text.charCodeAt(unit + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        origins?.push(index);
        lastIsSpace = false;
        unit++;
        continue;
      }
    }
    const replacement = TABLE[code];
    // NUL folds to itself, which is also the table's mark for ignored units.
    const dropped =
      (replacement === IGNORED && code !== 0) ||
      // Marks between two spaces do not split their run: "a \u200F b" is "a b".
      (replacement === SPACE && lastIsSpace);
    if (dropped || replacement !== code) {
      folded += text.slice(sliceStart, unit);
      sliceStart = unit + 1;
      if (!dropped) folded += String.fromCharCode(replacement);
    }
    if (dropped) continue;
    origins?.push(index);
    lastIsSpace = replacement === SPACE;
  }
  origins?.push(index);
  return sliceStart === 0 ? text : folded + text.slice(sliceStart);
}
