// Splits a text at its claims' offsets. Offsets count Unicode code points (not UTF-16 units),
// so the text is cut as an array of code points: an emoji or any astral character counts once.

/**
 * @param {string} text
 * @param {{ id: string, start: number, end: number }[]} claims
 * @returns {{ text: string, claims: object[] }[]} consecutive pieces; `claims` are those covering the piece
 */
export function segmentsOf(text, claims) {
  const points = Array.from(text);
  const spans = claims
    .map((claim) => ({ claim, start: Math.max(0, Math.min(claim.start, points.length)), end: Math.max(0, Math.min(claim.end, points.length)) }))
    .filter((span) => span.start < span.end);
  const bounds = [...new Set([0, points.length, ...spans.flatMap((span) => [span.start, span.end])])].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    pieces.push({
      text: points.slice(from, to).join(''),
      claims: spans.filter((span) => span.start <= from && span.end >= to).map((span) => span.claim),
    });
  }
  return pieces;
}
