import { describe, expect, it } from '@jest/globals';
import { createTokenVerifier, InvalidTokenError, rememberingVerifier, signToken, VerifiedTokens, type TokenVerifier } from './index.js';

const SECRET = 'verified-tokens-spec-secret-0123456789';
const T0 = Date.parse('2026-11-29T12:00:00Z');

/** The HS256 verifier on a clock the test moves, counting the verifications it really does. */
function countingVerifier(clock: { now: number }): TokenVerifier & { calls: number } {
  const inner = createTokenVerifier({ kind: 'hs256', secret: SECRET }, { now: () => clock.now });
  const counting = {
    calls: 0,
    verify: (token: string) => {
      counting.calls += 1;
      return inner.verify(token);
    },
  };
  return counting;
}

const aToken = (userId: string, expiresInSeconds = 3600) => signToken({ userId, roles: ['editor'] }, SECRET, { expiresInSeconds, now: new Date(T0) });

describe('rememberingVerifier', () => {
  it('verifies a token once and answers the same principal until it expires', async () => {
    const clock = { now: T0 };
    const inner = countingVerifier(clock);
    const verifier = rememberingVerifier(inner, { now: () => clock.now });
    const token = aToken('ed-1', 60);
    expect(await verifier.verify(token)).toEqual({ userId: 'ed-1', roles: ['editor'] });
    clock.now = T0 + 59_000;
    expect(await verifier.verify(token)).toEqual({ userId: 'ed-1', roles: ['editor'] });
    expect(inner.calls).toBe(1);
    clock.now = T0 + 60_000;
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(inner.calls).toBe(2);
  });

  it('never remembers a refusal: a token with another signature is checked each time', async () => {
    const clock = { now: T0 };
    const inner = countingVerifier(clock);
    const verifier = rememberingVerifier(inner, { now: () => clock.now });
    const token = aToken('ed-2');
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    await expect(verifier.verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verifier.verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(inner.calls).toBe(2);
    await verifier.verify(token);
    await verifier.verify(token);
    expect(inner.calls).toBe(3);
  });

  it('verifies again after maxAgeMs even before exp, and keeps at most maxEntries tokens', async () => {
    const clock = { now: T0 };
    const inner = countingVerifier(clock);
    const verifier = rememberingVerifier(inner, { now: () => clock.now, maxAgeMs: 1000, maxEntries: 2 });
    const [a, b, c] = [aToken('a'), aToken('b'), aToken('c')];
    for (const token of [a, b, c]) await verifier.verify(token);
    expect(inner.calls).toBe(3);
    await verifier.verify(c);
    await verifier.verify(b);
    expect(inner.calls).toBe(3);
    await verifier.verify(a);
    expect(inner.calls).toBe(4);
    clock.now = T0 + 1000;
    await verifier.verify(a);
    expect(inner.calls).toBe(5);
  });
});

describe('VerifiedTokens', () => {
  it('hands out a principal no caller can change for the next one', () => {
    const verified = new VerifiedTokens({ now: () => T0 });
    const token = aToken('ed-3');
    const principal = verified.remember(token, { userId: 'ed-3', roles: ['editor'] });
    expect(() => (principal.roles as string[]).push('viewer')).toThrow(TypeError);
    expect(verified.get(token)).toEqual({ userId: 'ed-3', roles: ['editor'] });
  });

  it('does not remember tokens over maxTokenLength', () => {
    const verified = new VerifiedTokens({ now: () => T0, maxTokenLength: 10 });
    const token = aToken('ed-4');
    verified.remember(token, { userId: 'ed-4', roles: ['editor'] });
    expect(verified.get(token)).toBeUndefined();
    expect(verified.size).toBe(0);
  });
});
