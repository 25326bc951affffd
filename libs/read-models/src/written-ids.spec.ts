import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { WrittenIds } from './written-ids.js';

describe('WrittenIds', () => {
  it('never says no for an id it was given, and says no for most others', () => {
    const written = new WrittenIds();
    const added = Array.from({ length: 50_000 }, () => randomUUID());
    for (const id of added) written.add(id);
    expect(added.every((id) => written.mayHave(id))).toBe(true);
    const others = Array.from({ length: 50_000 }, () => randomUUID());
    const falseMaybes = others.filter((id) => written.mayHave(id)).length;
    expect(falseMaybes).toBeLessThan(500);
  });
});
