/**
 * The ids a writer has written into tables that started empty, as a Bloom filter: "no" is
 * certain (the document does not exist, no need to look it up), "maybe" is checked in the
 * table. A fixed 4 MiB of bits keeps false "maybe"s under 1% up to ~3 million ids; past that
 * they only cost lookups, never a wrong answer.
 */
export class WrittenIds {
  private static readonly BITS = 2 ** 25;
  private readonly bits = new Int32Array(WrittenIds.BITS / 32);

  add(id: string): void {
    const [first, second] = hashes(id);
    for (let round = 0; round < 3; round++) {
      const bit = (first + round * second) >>> 0 & (WrittenIds.BITS - 1);
      this.bits[bit >>> 5] |= 1 << (bit & 31);
    }
  }

  mayHave(id: string): boolean {
    const [first, second] = hashes(id);
    for (let round = 0; round < 3; round++) {
      const bit = (first + round * second) >>> 0 & (WrittenIds.BITS - 1);
      if ((this.bits[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two independent 32-bit FNV-1a hashes (different offset bases) for double hashing. */
function hashes(text: string): [number, number] {
  let first = 0x811c9dc5;
  let second = 0x01000193 ^ 0x5bd1e995;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x5bd1e995);
    second ^= second >>> 15;
  }
  return [first >>> 0, (second | 1) >>> 0];
}
