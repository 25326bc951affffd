import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHmac, randomUUID } from 'node:crypto';
import { exportSPKI, SignJWT, type JWTPayload } from 'jose';
import { aSigningKey, JwksServer, type SigningKey } from '#testing';
import { createTokenVerifier, InvalidTokenError, KeySetUnavailableError, signToken, type TokenVerifierConfig } from './index.js';

const T0 = Date.parse('2026-03-20T12:00:00Z');
const seconds = (ms: number) => Math.floor(ms / 1000);

class Clock {
  at = T0;
  now = () => this.at;
  advance(ms: number) {
    this.at += ms;
  }
}

async function tokenFrom(key: SigningKey, claims: JWTPayload, header: Record<string, unknown> = {}, at = T0): Promise<string> {
  return new SignJWT({ sub: 'alice', roles: ['fact_checker'], iat: seconds(at), exp: seconds(at) + 300, ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('token verification against an identity provider key set (JWT_JWKS_URL)', () => {
  const provider = new JwksServer();
  let jwksUrl: string;
  let rsa: SigningKey;
  let ec: SigningKey;
  let clock: Clock;

  beforeAll(async () => {
    jwksUrl = await provider.start();
    [rsa, ec] = await Promise.all([aSigningKey('RS256'), aSigningKey('ES256')]);
  });
  afterAll(() => provider.stop());
  beforeEach(() => {
    provider.keys = [rsa.jwk, ec.jwk];
    provider.requests = 0;
    provider.status = 200;
    clock = new Clock();
  });

  const verifier = (config: Partial<Extract<TokenVerifierConfig, { kind: 'jwks' }>> = {}) =>
    createTokenVerifier({ kind: 'jwks', jwksUrl, ...config }, { now: clock.now });

  it('accepts RS256 and ES256 tokens signed by a key of the set, fetching the set once', async () => {
    const verify = verifier();
    await expect(verify.verify(await tokenFrom(rsa, { roles: ['editor', 'viewer'] }))).resolves.toEqual({ userId: 'alice', roles: ['editor', 'viewer'] });
    await expect(verify.verify(await tokenFrom(ec, { sub: 'محرر' }))).resolves.toEqual({ userId: 'محرر', roles: ['fact_checker'] });
    expect(provider.requests).toBe(1);
  });

  it('refetches the set for an unknown kid once the floor has passed, so a rotated-in key is accepted', async () => {
    const verify = verifier();
    await verify.verify(await tokenFrom(rsa, {}));
    const rotated = await aSigningKey('RS256');
    provider.keys = [rotated.jwk, ec.jwk];
    clock.advance(30_000);
    await expect(verify.verify(await tokenFrom(rotated, {}, {}, clock.at))).resolves.toEqual({ userId: 'alice', roles: ['fact_checker'] });
    expect(provider.requests).toBe(2);
    await expect(verify.verify(await tokenFrom(rotated, { sub: 'bob' }, {}, clock.at))).resolves.toMatchObject({ userId: 'bob' });
    expect(provider.requests).toBe(2);
  });

  it('a flood of unknown kids costs the provider at most one fetch per 30 s window', async () => {
    const verify = verifier();
    await verify.verify(await tokenFrom(rsa, {}));
    expect(provider.requests).toBe(1);
    const stranger = await aSigningKey('ES256');
    const flood = async () => {
      const tokens = await Promise.all(Array.from({ length: 50 }, () => tokenFrom({ ...stranger, kid: randomUUID() }, {}, {}, clock.at)));
      const outcomes = await Promise.allSettled(tokens.map((token) => verify.verify(token)));
      expect(outcomes.every((outcome) => outcome.status === 'rejected' && outcome.reason instanceof InvalidTokenError)).toBe(true);
    };
    clock.advance(1_000);
    await flood();
    expect(provider.requests).toBe(1);
    clock.advance(29_000);
    await flood();
    await flood();
    expect(provider.requests).toBe(2);
    clock.advance(29_999);
    await flood();
    expect(provider.requests).toBe(2);
    clock.advance(1);
    await flood();
    expect(provider.requests).toBe(3);
    await expect(verify.verify(await tokenFrom(ec, {}, {}, clock.at))).resolves.toMatchObject({ userId: 'alice' });
  });

  it('a key rotated in during the floor is accepted once the floor has passed', async () => {
    const verify = verifier();
    await verify.verify(await tokenFrom(rsa, {}));
    const rotated = await aSigningKey('ES256');
    provider.keys = [rsa.jwk, rotated.jwk];
    clock.advance(10_000);
    await expect(verify.verify(await tokenFrom(rotated, {}, {}, clock.at))).rejects.toThrow(/no key .* matches kid/);
    clock.advance(20_000);
    await expect(verify.verify(await tokenFrom(rotated, {}, {}, clock.at))).resolves.toMatchObject({ userId: 'alice' });
    expect(provider.requests).toBe(2);
  });

  it('checks JWT_ISSUER and JWT_AUDIENCE when set', async () => {
    const verify = verifier({ issuer: 'https://id.example/realms/newsroom', audience: 'newsroom-api' });
    const good = { iss: 'https://id.example/realms/newsroom', aud: ['account', 'newsroom-api'] };
    await expect(verify.verify(await tokenFrom(rsa, good))).resolves.toMatchObject({ userId: 'alice' });
    await expect(verify.verify(await tokenFrom(rsa, { ...good, aud: 'newsroom-api' }))).resolves.toMatchObject({ userId: 'alice' });
    for (const bad of [{ ...good, iss: 'https://evil.example' }, { aud: good.aud }, { ...good, aud: 'account' }, { iss: good.iss }]) {
      await expect(verify.verify(await tokenFrom(rsa, bad))).rejects.toThrow(InvalidTokenError);
    }
    await expect(verifier().verify(await tokenFrom(rsa, { iss: 'anyone', aud: 'anything' }))).resolves.toMatchObject({ userId: 'alice' });
  });

  it('reads roles at JWT_ROLES_CLAIM, a dotted path, keeping known roles and ignoring the provider’s own', async () => {
    const keycloak = { realm_access: { roles: ['offline_access', 'editor', 'uma_authorization', 'editor'] }, roles: ['viewer'] };
    await expect(verifier({ rolesClaim: 'realm_access.roles' }).verify(await tokenFrom(rsa, keycloak))).resolves.toEqual({ userId: 'alice', roles: ['editor'] });
    await expect(verifier().verify(await tokenFrom(rsa, keycloak))).resolves.toEqual({ userId: 'alice', roles: ['viewer'] });
    const auth0 = { 'https://newsroom.example/roles': ['translator'] };
    await expect(verifier({ rolesClaim: 'https://newsroom.example/roles' }).verify(await tokenFrom(rsa, auth0))).resolves.toEqual({ userId: 'alice', roles: ['translator'] });
    await expect(verifier({ rolesClaim: 'realm_access.roles' }).verify(await tokenFrom(rsa, { roles: ['editor'] }))).resolves.toEqual({ userId: 'alice', roles: [] });
    await expect(verifier({ rolesClaim: 'realm_access.roles' }).verify(await tokenFrom(rsa, { realm_access: { roles: 'editor' } }))).rejects.toThrow(
      /realm_access.roles must be an array/,
    );
  });

  it('refuses alg confusion: an HS256 token signed with the provider’s RSA public key as secret', async () => {
    const publicPem = await exportSPKI(rsa.publicKey);
    const forge = (secret: string | Buffer, alg = 'HS256') => {
      const input = `${b64({ alg, kid: rsa.kid, typ: 'JWT' })}.${b64({ sub: 'mallory', roles: ['editor'], exp: seconds(T0) + 300 })}`;
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    };
    const verify = verifier();
    for (const forged of [forge(publicPem), forge(publicPem.trim()), forge(JSON.stringify(rsa.jwk)), forge(Buffer.from(rsa.jwk.n!, 'base64url'))]) {
      await expect(verify.verify(forged)).rejects.toThrow(InvalidTokenError);
    }
    await expect(verify.verify(forge(publicPem, 'RS256'))).rejects.toThrow(InvalidTokenError);
  });

  it('trusts only keys of the set: a key the token carries itself (jwk, jku) is not used', async () => {
    const mallory = await aSigningKey('RS256', rsa.kid);
    const verify = verifier();
    await expect(verify.verify(await tokenFrom(mallory, { sub: 'mallory' }, { jwk: mallory.jwk }))).rejects.toThrow(/signature/);
    await expect(verify.verify(await tokenFrom(mallory, { sub: 'mallory' }, { jku: 'http://127.0.0.1:1/evil.json' }))).rejects.toThrow(/signature/);
    expect(provider.requests).toBe(1);
  });

  it('refuses HS256 tokens made for the shared secret, alg none, other algorithms and keys of the wrong type', async () => {
    const verify = verifier();
    const good = await tokenFrom(rsa, {});
    const [, payload, signature] = good.split('.');
    const cases = [
      signToken({ userId: 'alice', roles: ['editor'] }, 'secret', { now: new Date(T0) }),
      `${b64({ alg: 'none', kid: rsa.kid })}.${payload}.`,
      `${b64({ alg: 'RS512', kid: rsa.kid })}.${payload}.${signature}`,
      `${b64({ alg: 'ES256', kid: rsa.kid })}.${payload}.${signature}`,
      await tokenFrom({ ...ec, kid: rsa.kid }, {}),
      `${good.slice(0, -2)}${good.endsWith('A') ? 'B' : 'A'}${good.at(-1)}`,
      'not-a-token',
      '',
    ];
    for (const bad of cases) await expect(verify.verify(bad)).rejects.toThrow(InvalidTokenError);
  });

  it('keeps the HS256 hardening: exp required and checked, numeric nbf, no crit, one signature spelling, sub rules', async () => {
    const verify = verifier();
    const noExp = await new SignJWT({ sub: 'alice', roles: [] }).setProtectedHeader({ alg: 'ES256', kid: ec.kid }).sign(ec.privateKey);
    const cases = [
      noExp,
      await tokenFrom(ec, { exp: seconds(T0) }),
      await tokenFrom(ec, { exp: String(seconds(T0) + 60) as unknown as number }),
      await tokenFrom(ec, { nbf: String(seconds(T0) - 5) as unknown as number }),
      await tokenFrom(ec, { nbf: seconds(T0) + 60 }),
      await tokenFrom(rsa, {}, { crit: ['b64'], b64: true }),
      await tokenFrom(ec, { sub: '😀'.repeat(256) }),
      await tokenFrom(ec, { sub: '' }),
      await tokenFrom(ec, { sub: '   ' }),
      await tokenFrom(ec, { sub: 'alice\u202Eevil' }),
      await tokenFrom(ec, { sub: 'a\u200Bb' }),
      await tokenFrom(ec, { sub: 'a\u0000b' }),
      await tokenFrom(ec, { sub: 42 as unknown as string }),
    ];
    for (const bad of cases) await expect(verify.verify(bad)).rejects.toThrow(InvalidTokenError);
    await expect(verify.verify(await tokenFrom(ec, { sub: '😀'.repeat(255), nbf: seconds(T0) - 5 }))).resolves.toMatchObject({ roles: ['fact_checker'] });

    // 256 signature bytes take 342 base64url characters; the last carries 4 unused bits.
    const token = await tokenFrom(rsa, {});
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = `${token.slice(0, -1)}${alphabet[alphabet.indexOf(token.at(-1)!) ^ 1]}`;
    expect(Buffer.from(respelled.split('.')[2], 'base64url')).toEqual(Buffer.from(token.split('.')[2], 'base64url'));
    await expect(verify.verify(respelled)).rejects.toThrow(InvalidTokenError);
    await expect(verify.verify(token)).resolves.toMatchObject({ userId: 'alice' });
  });

  it('an unreachable provider is KeySetUnavailableError, not an invalid token, and is not asked again within the floor', async () => {
    provider.status = 503;
    const verify = verifier();
    const token = await tokenFrom(rsa, {});
    await expect(verify.verify(token)).rejects.toThrow(KeySetUnavailableError);
    await expect(verify.verify(token)).rejects.toThrow(KeySetUnavailableError);
    expect(provider.requests).toBe(1);
    provider.status = 200;
    clock.advance(30_000);
    await expect(verify.verify(token)).resolves.toMatchObject({ userId: 'alice' });
    expect(provider.requests).toBe(2);
  });

  it('refreshes keys older than ten minutes, keeping the old ones when the refresh fails', async () => {
    const verify = verifier();
    await verify.verify(await tokenFrom(rsa, {}));
    provider.status = 500;
    clock.advance(600_000);
    await expect(verify.verify(await tokenFrom(rsa, {}, {}, clock.at))).resolves.toMatchObject({ userId: 'alice' });
    expect(provider.requests).toBe(2);
    provider.status = 200;
    provider.keys = [ec.jwk];
    clock.advance(30_000);
    await expect(verify.verify(await tokenFrom(rsa, {}, {}, clock.at))).rejects.toThrow(InvalidTokenError);
    expect(provider.requests).toBe(3);
  });
});

describe('createTokenVerifier without JWT_JWKS_URL', () => {
  it('is the HS256 verifier, unchanged', async () => {
    const verify = createTokenVerifier({ kind: 'hs256', secret: 'test-secret' });
    const alice = { userId: 'alice', roles: ['editor' as const] };
    await expect(verify.verify(signToken(alice, 'test-secret'))).resolves.toEqual(alice);
    await expect(verify.verify(signToken(alice, 'other-secret'))).rejects.toThrow(InvalidTokenError);
    const expired = signToken(alice, 'test-secret', { now: new Date(T0) });
    await expect(createTokenVerifier({ kind: 'hs256', secret: 'test-secret' }, { now: () => T0 + 1000 }).verify(expired)).resolves.toEqual(alice);
    await expect(verify.verify(expired)).rejects.toThrow(/expired/);
  });
});
