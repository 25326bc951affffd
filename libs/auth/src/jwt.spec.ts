import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidTokenError, resolveJwtSecret, signToken, verifyToken } from './index.js';

const secret = 'test-secret';
const alice = { userId: 'alice', roles: ['editor' as const, 'translator' as const] };
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signed = (header: object, payload: object) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
const claims = (extra: object = {}) => ({ sub: 'alice', roles: ['viewer'], exp: Math.floor(Date.now() / 1000) + 60, ...extra });

describe('JWT', () => {
  it('verifies what it signs', () => {
    expect(verifyToken(signToken(alice, secret), secret)).toEqual(alice);
  });

  it('rejects a wrong signature, alg none, other algorithms, expired and exp-less tokens', () => {
    const token = signToken(alice, secret);
    const [, payload] = token.split('.');
    const expired = signToken(alice, secret, { now: new Date(Date.now() - 7200_000) });
    const withoutExp = `${b64({ alg: 'HS256' })}.${b64({ sub: 'a', roles: [] })}`;
    const cases = [
      signToken(alice, 'other-secret'),
      `${b64({ alg: 'none' })}.${payload}.`,
      `${b64({ alg: 'HS512' })}.${payload}.${token.split('.')[2]}`,
      expired,
      `${withoutExp}.${signToken(alice, secret).split('.')[2]}`,
      'not-a-token',
      `${b64({ alg: 'HS256' })}.${b64({ sub: 'a', roles: ['admin'], exp: 9e9 })}.x`,
    ];
    for (const bad of cases) expect(() => verifyToken(bad, secret)).toThrow(InvalidTokenError);
  });

  it('rejects correctly signed tokens that are still not acceptable: crit, a non-numeric nbf, a sub no user id can be', () => {
    const HS256 = { alg: 'HS256', typ: 'JWT' };
    expect(verifyToken(signed(HS256, claims({ nbf: Math.floor(Date.now() / 1000) - 5 })), secret).userId).toBe('alice');
    expect(verifyToken(signed(HS256, claims({ sub: '😀'.repeat(255) })), secret).userId).toHaveLength(510);
    const cases = [
      signed({ ...HS256, crit: ['exp'] }, claims()),
      signed(HS256, claims({ nbf: '0' })),
      signed(HS256, claims({ nbf: Math.floor(Date.now() / 1000) + 60 })),
      signed(HS256, claims({ exp: String(Math.floor(Date.now() / 1000) + 60) })),
      signed(HS256, claims({ sub: '😀'.repeat(256) })),
      signed(HS256, claims({ sub: 'a\u0000b' })),
      signed(HS256, claims({ sub: 'a\u0085b' })),
      signed(HS256, claims({ sub: 'x\ud800' })),
      signed(HS256, claims({ sub: '\udc00x' })),
      signed(HS256, claims({ sub: '' })),
      signed(HS256, claims({ sub: '   ' })),
      signed(HS256, claims({ sub: 'alice\u202Eevil' })),
      signed(HS256, claims({ sub: 'a\u200Bb' })),
      signed(HS256, claims({ sub: 'a\u2028b' })),
    ];
    for (const bad of cases) expect(() => verifyToken(bad, secret)).toThrow(InvalidTokenError);
  });

  it('accepts one spelling of the signature: other base64url spellings of the same bytes are refused', () => {
    const token = signToken(alice, secret);
    const signature = token.split('.')[2];
    // 32 bytes take 43 base64url characters; the last carries 2 unused bits.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1)!);
    const respelled = `${token.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(respelled.split('.')[2], 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(() => verifyToken(respelled, secret)).toThrow(InvalidTokenError);
    expect(verifyToken(token, secret)).toEqual(alice);
  });

  it('keeps a generated secret in the data directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-auth-'));
    const first = resolveJwtSecret(dir, undefined);
    expect(first.length).toBeGreaterThan(40);
    expect(resolveJwtSecret(dir, undefined)).toBe(first);
    expect(resolveJwtSecret(dir, 'configured')).toBe('configured');
  });
});
