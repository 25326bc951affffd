import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { exportSPKI, SignJWT, type JWTPayload } from 'jose';
import { aSigningKey, JwksServer, type SigningKey } from '#testing';
import { startApp, tokenFor, type TestApp } from './support/app.js';
import { Newsroom, PROBLEM_JSON, sampleArticle } from './support/newsroom.js';

const ISSUER = 'https://idp.newsroom.example/realms/newsroom';
const AUDIENCE = 'newsroom-api';

/** A Keycloak-shaped token: roles under realm_access.roles, among roles of the provider's own. */
function keycloakToken(key: SigningKey, roles: string[], claims: JWTPayload = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: 'edith-editor', realm_access: { roles: ['offline_access', ...roles] }, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey);
}

const bearer = (token: string) => `Bearer ${token}`;

describe('identity provider tokens (JWT_JWKS_URL)', () => {
  const provider = new JwksServer();
  let rsa: SigningKey;
  let ec: SigningKey;
  let t: TestApp;
  let api: Newsroom;

  beforeAll(async () => {
    [rsa, ec] = await Promise.all([aSigningKey('RS256'), aSigningKey('ES256')]);
    provider.keys = [rsa.jwk, ec.jwk];
    const jwksUrl = await provider.start();
    t = await startApp({ config: { jwks: { jwksUrl, issuer: ISSUER, audience: AUDIENCE, rolesClaim: 'realm_access.roles' } } });
    api = new Newsroom(t.http);
  });
  afterAll(async () => {
    await t.close();
    await provider.stop();
  });

  it.each(['RS256', 'ES256'] as const)('accepts a %s token from the key set, with roles read from JWT_ROLES_CLAIM', async (alg) => {
    const key = alg === 'RS256' ? rsa : ec;
    const created = await api.draft(sampleArticle(), bearer(await keycloakToken(key, ['editor'])));
    expect(created.status).toBe(201);
    const read = await api.get(`/articles/${created.body.id}`, bearer(await keycloakToken(key, ['viewer'])));
    expect(read.status).toBe(200);
  });

  it('reads roles only from the configured claim: a top-level roles claim grants nothing (403)', async () => {
    const token = await keycloakToken(rsa, [], { roles: ['editor'] });
    const res = await api.draft(sampleArticle(), bearer(token));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden_role');
  });

  it('refuses a token for another audience or issuer (401)', async () => {
    for (const claims of [{ aud: 'someone-else' }, { iss: 'https://evil.example' }]) {
      const res = await api.get('/articles', bearer(await keycloakToken(rsa, ['viewer'], claims)));
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.code).toBe('unauthorized');
    }
  });

  it('refuses alg confusion: an HS256 token whose secret is the provider public key (401)', async () => {
    const pem = await exportSPKI(rsa.publicKey);
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: rsa.kid, typ: 'JWT' })).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = Buffer.from(
      JSON.stringify({ sub: 'mallory', realm_access: { roles: ['editor'] }, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600 }),
    ).toString('base64url');
    const signature = createHmac('sha256', pem).update(`${header}.${payload}`).digest('base64url');
    const res = await api.draft(sampleArticle(), bearer(`${header}.${payload}.${signature}`));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthorized');
  });

  it('refuses the shared-secret tokens once an identity provider is configured (401)', async () => {
    const res = await api.get('/articles', tokenFor('vera-viewer', ['viewer']));
    expect(res.status).toBe(401);
  });

  it('answers 503 identity_provider_unavailable with Retry-After, not 500, when the key set cannot be fetched', async () => {
    const unreachable = await startApp({ config: { jwks: { jwksUrl: 'http://127.0.0.1:9/certs', issuer: undefined, audience: undefined, rolesClaim: 'roles' } } });
    try {
      const res = await new Newsroom(unreachable.http).get('/articles', bearer(await keycloakToken(rsa, [], { roles: ['viewer'] })));
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body.code).toBe('identity_provider_unavailable');
    } finally {
      await unreachable.close();
    }
  });
});

describe('without JWT_JWKS_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('keeps HS256 with JWT_SECRET: a secret-signed token works, one signed with another secret is a 401, an RS256 token is a 401', async () => {
    const api = new Newsroom(t.http);
    expect((await api.get('/articles', tokenFor('vera-viewer', ['viewer']))).status).toBe(200);
    expect((await api.get('/articles', tokenFor('vera-viewer', ['viewer'], 'another-secret-0123456789abcdef'))).status).toBe(401);
    const rs = await aSigningKey('RS256');
    const res = await api.get('/articles', bearer(await keycloakToken(rs, [], { roles: ['viewer'] })));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthorized');
  });
});
