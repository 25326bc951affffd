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
    });
    expect(config).toEqual({
      port: 8080,
      dataDir: '/var/lib/newsroom',
      jwtSecret: 's3cret',
      eventStore: { kind: 'eventstoredb', connectionString: 'esdb://localhost:2113?tls=false' },
      corsOrigins: ['https://a.example', 'http://localhost:5173'],
      logLevel: 'debug',
      readYourWritesTimeoutMs: 2500,
    });
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
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
  ])('rejects %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
