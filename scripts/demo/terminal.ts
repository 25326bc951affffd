const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]+$/u;
const WIDE = /[\p{Emoji_Presentation}\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;
const RIGHT_TO_LEFT_ISOLATE = '\u2067';
const POP_DIRECTIONAL_ISOLATE = '\u2069';
const ELLIPSIS = '…';

function graphemeWidth(cluster: string): number {
  if (ZERO_WIDTH.test(cluster)) return 0;
  return WIDE.test(cluster) ? 2 : 1;
}

/** Terminal cells the text occupies: combining marks (tashkeel) and format characters take none, emoji and CJK take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += graphemeWidth(segment);
  return width;
}

/** Cuts at grapheme boundaries (so never inside a code point, nor between a letter and its tashkeel) to fit `maxWidth` cells. */
export function truncateToWidth(text: string, maxWidth: number): string {
  if (displayWidth(text) <= maxWidth) return text;
  let kept = '';
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    const next = graphemeWidth(segment);
    if (width + next > maxWidth - 1) break;
    kept += segment;
    width += next;
  }
  return kept.trimEnd() + ELLIPSIS;
}

export function isRightToLeft(text: string): boolean {
  return RTL.test(text);
}

/** Right-to-left text is isolated so a terminal that applies the bidi algorithm keeps it inside its column. */
export function isolate(text: string): string {
  return isRightToLeft(text) ? `${RIGHT_TO_LEFT_ISOLATE}${text}${POP_DIRECTIONAL_ISOLATE}` : text;
}

export interface Column {
  header: string;
  width: number;
}

/** A fixed-width table; cells are truncated to their column and padded by display width outside any isolate. */
export function renderTable(columns: Column[], rows: string[][], indent = '  '): string[] {
  const cell = (text: string, width: number) => {
    const fitted = truncateToWidth(text.replace(/\s+/gu, ' ').trim(), width);
    return isolate(fitted) + ' '.repeat(width - displayWidth(fitted));
  };
  const line = (cells: string[]) => indent + cells.map((text, index) => cell(text, columns[index].width)).join('  ').trimEnd();
  return [
    line(columns.map((column) => column.header)),
    indent + columns.map((column) => '─'.repeat(column.width)).join('  '),
    ...rows.map(line),
  ];
}
