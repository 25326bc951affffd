import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidTokenError, resolveJwtSecret, signToken, verifyToken } from './index.js';

const secret = 'test-secret';
const alice = { userId: 'alice', roles: ['editor' as const, 'translator' as const] };
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

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

  it('keeps a generated secret in the data directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-auth-'));
    const first = resolveJwtSecret(dir, undefined);
    expect(first.length).toBeGreaterThan(40);
    expect(resolveJwtSecret(dir, undefined)).toBe(first);
    expect(resolveJwtSecret(dir, 'configured')).toBe('configured');
  });
});
