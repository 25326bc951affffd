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
const WHITE_SPACE = /^\s$/u;

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

/** The normalised text and where each of its code points came from. Linear in the text. */
export function normalizeForMatching(text: string): NormalizedText {
  let normalized = '';
  const origins: number[] = [];
  let index = 0;
  let afterSpace = false;
  for (const character of text) {
    const codePoint = character.codePointAt(0) as number;
    if (isIgnored(codePoint)) {
      index++;
      continue;
    }
    // Marks between two spaces do not split their run: "a \u200F b" is "a b".
    if (WHITE_SPACE.test(character)) {
      if (!afterSpace) {
        normalized += ' ';
        origins.push(index);
      }
      afterSpace = true;
    } else {
      normalized += FOLDED.get(codePoint) ?? character;
      origins.push(index);
      afterSpace = false;
    }
    index++;
  }
  origins.push(index);
  return { text: normalized, origins };
}

/** The normalised text alone: what a search index stores and what a query is turned into. */
export function matchingForm(text: string): string {
  return normalizeForMatching(text).text;
}
