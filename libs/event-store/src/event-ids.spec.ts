import { describe, expect, it } from '@jest/globals';
import { deterministicEventId, serializeAppend, uuidV7 } from '#event-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('event ids', () => {
  it('uuidV7: version 7, RFC variant, sorted by the time it was made', () => {
    const earlier = uuidV7(1_700_000_000_000);
    const later = uuidV7(1_700_000_000_001);

    expect(earlier).toMatch(UUID);
    expect(earlier[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(earlier[19]);
    expect(earlier.slice(0, 13)).toBe('018bcfe5-6800');
    expect(earlier < later).toBe(true);
    expect(uuidV7(1_700_000_000_000)).not.toBe(earlier);
  });

  it('deterministicEventId: the same seed and index give the same UUID, anything else another', () => {
    const id = deterministicEventId('article-1/key-1', 0);

    expect(id).toMatch(UUID);
    expect(id[14]).toBe('8');
    expect(deterministicEventId('article-1/key-1', 0)).toBe(id);
    expect(new Set([id, deterministicEventId('article-1/key-1', 1), deterministicEventId('article-1/key-2', 0), deterministicEventId('article-2/key-1', 0)]).size).toBe(4);
    expect(() => deterministicEventId('seed', -1)).toThrow(RangeError);
  });

  it('both kinds are ids every store takes', () => {
    expect(() => serializeAppend('article-1', [uuidV7(), deterministicEventId('s', 3)].map((id) => ({ id, type: 'Noted', data: {}, metadata: {} })))).not.toThrow();
  });
});
