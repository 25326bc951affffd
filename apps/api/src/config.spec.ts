import { describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults: port 3000, ./data, sqlite, CORS off, log level log', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      dataDir: resolve('./data'),
      jwtSecret: undefined,
      eventStore: { kind: 'sqlite' },
      corsOrigins: [],
      logLevel: 'log',
      readYourWritesTimeoutMs: 10_000,
      jwks: undefined,
      metricsPort: undefined,
      claimReview: {
        articleUrl: 'http://localhost:3000/articles/{id}',
        factCheckUrl: 'http://localhost:3000/fact-checks/{id}',
        publisherName: 'Newsroom',
        publisherUrl: 'http://localhost:3000',
      },
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/var/lib/newsroom',
      JWT_SECRET: 's3cret',
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      CORS_ORIGINS: 'https://a.example, http://localhost:5173',
      LOG_LEVEL: 'debug',
      READ_YOUR_WRITES_TIMEOUT_MS: '2500',
      JWT_JWKS_URL: 'https://id.example/realms/newsroom/protocol/openid-connect/certs',
      JWT_ISSUER: 'https://id.example/realms/newsroom',
      JWT_AUDIENCE: 'newsroom-api',
      JWT_ROLES_CLAIM: 'realm_access.roles',
      METRICS_PORT: '9464',
      PUBLIC_ARTICLE_URL: 'https://news.example/ar/{id}',
      PUBLIC_FACT_CHECK_URL: 'https://news.example/fact-checks/{id}?lang=ar',
      PUBLISHER_NAME: 'غرفة الأخبار',
      PUBLISHER_URL: 'https://news.example/',
    });
    expect(config).toEqual({
      port: 8080,
      dataDir: '/var/lib/newsroom',
      jwtSecret: 's3cret',
      eventStore: { kind: 'eventstoredb', connectionString: 'esdb://localhost:2113?tls=false' },
      corsOrigins: ['https://a.example', 'http://localhost:5173'],
      logLevel: 'debug',
      readYourWritesTimeoutMs: 2500,
      jwks: {
        jwksUrl: 'https://id.example/realms/newsroom/protocol/openid-connect/certs',
        issuer: 'https://id.example/realms/newsroom',
        audience: 'newsroom-api',
        rolesClaim: 'realm_access.roles',
      },
      metricsPort: 9464,
      claimReview: {
        articleUrl: 'https://news.example/ar/{id}',
        factCheckUrl: 'https://news.example/fact-checks/{id}?lang=ar',
        publisherName: 'غرفة الأخبار',
        publisherUrl: 'https://news.example/',
      },
    });
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  it('identity provider: only JWT_JWKS_URL needed, roles at `roles` by default, issuer and audience unchecked', () => {
    expect(loadConfig({ JWT_JWKS_URL: 'http://127.0.0.1:8080/jwks.json' }).jwks).toEqual({
      jwksUrl: 'http://127.0.0.1:8080/jwks.json',
      issuer: undefined,
      audience: undefined,
      rolesClaim: 'roles',
    });
    expect(loadConfig({ JWT_JWKS_URL: 'https://x.example/jwks', JWT_ROLES_CLAIM: 'https://newsroom.example/roles' }).jwks?.rolesClaim).toBe('https://newsroom.example/roles');
  });

  it('metrics: off when METRICS_PORT is unset or blank, 0 picks a free port', () => {
    expect(loadConfig({ METRICS_PORT: ' ' }).metricsPort).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '0', PORT: '0' }).metricsPort).toBe(0);
  });

  it('ClaimReview links default to this service on its port', () => {
    expect(loadConfig({ PORT: '8080' }).claimReview).toMatchObject({ articleUrl: 'http://localhost:8080/articles/{id}', publisherUrl: 'http://localhost:8080' });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be an integer from 0 to 65535, got "abc"/],
    [{ PORT: '70000' }, /PORT/],
    [{ PORT: '-1' }, /PORT/],
    [{ EVENT_STORE: 'postgres' }, /EVENT_STORE must be "sqlite" or "eventstoredb", got "postgres"/],
    [{ EVENT_STORE: 'eventstoredb' }, /EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb/],
    [{ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'http://x' }, /must start with esdb:\/\//],
    [{ CORS_ORIGINS: 'https://a.example/path' }, /CORS_ORIGINS/],
    [{ CORS_ORIGINS: 'not a url' }, /CORS_ORIGINS/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose, got "loud"/],
    [{ READ_YOUR_WRITES_TIMEOUT_MS: '0' }, /READ_YOUR_WRITES_TIMEOUT_MS/],
    [{ JWT_JWKS_URL: 'not a url' }, /JWT_JWKS_URL must be an http or https URL/],
    [{ JWT_JWKS_URL: 'file:///etc/jwks.json' }, /JWT_JWKS_URL must be an http or https URL/],
    [{ JWT_ISSUER: 'https://id.example' }, /JWT_ISSUER applies only to identity provider tokens: set JWT_JWKS_URL too/],
    [{ JWT_AUDIENCE: 'newsroom' }, /JWT_AUDIENCE applies only/],
    [{ JWT_ROLES_CLAIM: 'realm_access.roles' }, /JWT_ROLES_CLAIM applies only/],
    [{ JWT_JWKS_URL: 'https://x.example/jwks', JWT_ROLES_CLAIM: 'realm_access..roles' }, /JWT_ROLES_CLAIM must be a dotted path/],
    [{ METRICS_PORT: 'x' }, /METRICS_PORT must be an integer from 0 to 65535, got "x"/],
    [{ METRICS_PORT: '65536' }, /METRICS_PORT/],
    [{ METRICS_PORT: '3000' }, /METRICS_PORT must differ from PORT/],
    [{ PUBLIC_ARTICLE_URL: 'https://news.example/articles' }, /PUBLIC_ARTICLE_URL must be a URL template containing \{id\}/],
    [{ PUBLIC_ARTICLE_URL: 'https://news.example/a/{id}#top' }, /PUBLIC_ARTICLE_URL must be an http or https URL template without a #fragment/],
    [{ PUBLIC_FACT_CHECK_URL: 'ftp://news.example/{id}' }, /PUBLIC_FACT_CHECK_URL must be an http or https URL template/],
    [{ PUBLISHER_URL: 'news.example' }, /PUBLISHER_URL must be an http or https URL/],
    [{ PUBLISHER_NAME: 'News\u202Eroom' }, /PUBLISHER_NAME must be at most 200 printable characters/],
  ])('rejects %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
