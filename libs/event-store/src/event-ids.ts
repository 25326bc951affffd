import { createHash, randomBytes } from 'node:crypto';

function format(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made one after
 * another sort by time, so an index on them grows at its end instead of in random pages.
 */
export function uuidV7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  return format(bytes);
}

/**
 * The id of the `index`-th event of a command attempt identified by `seed` (e.g. the stream and
 * the request's Idempotency-Key): the same seed and index always give the same UUID (v8 layout,
 * SHA-256 based), so a retried command re-sends the same ids and the store recognises the events
 * it already holds (see EventStore.appendToStream).
 */
export function deterministicEventId(seed: string, index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`Not an event index: ${index}`);
  const bytes = createHash('sha256').update(`${seed}\u0000${index}`, 'utf8').digest().subarray(0, 16);
  bytes[6] = 0x80 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  return format(Buffer.from(bytes));
}
