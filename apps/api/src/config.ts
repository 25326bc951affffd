import { resolve } from 'node:path';
import type { ClaimReviewSettings } from '#claim-review';
import type { EventStoreDbOptions } from '#eventstoredb';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  port: number;
  dataDir: string;
  /** Undefined: a secret is generated once and kept in dataDir. */
  jwtSecret: string | undefined;
  eventStore:
    | { kind: 'sqlite' }
    | {
        kind: 'eventstoredb';
        connectionString: string;
        /** The adapter's deadlines and retries; its defaults when unset (tests shorten them). */
        tuning?: Pick<EventStoreDbOptions, 'appendDeadlineMs' | 'appendReplyGraceMs' | 'appendRecovery' | 'resubscribe'>;
      };
  /** Empty: CORS is off. ['*']: any origin. */
  corsOrigins: string[];
  logLevel: LogLevel;
  /** How long a command waits for the read models to reflect its write before answering 503. */
  readYourWritesTimeoutMs: number;
  /** Set: tokens come from an identity provider and are verified against its key set instead of JWT_SECRET. */
  jwks?: JwksConfig;
  /** Undefined: no metrics server. */
  metricsPort?: number;
  /** Where ClaimReview exports point and whom they name as publisher. */
  claimReview?: ClaimReviewSettings;
}

export interface JwksConfig {
  jwksUrl: string;
  issuer: string | undefined;
  audience: string | undefined;
  /** Dotted path to the roles array in the token's claims. */
  rolesClaim: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Every setting the service reads, with its default; rendered into the OpenAPI description. */
export const SETTINGS: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'PORT', description: 'TCP port to listen on, 0–65535 (default 3000; 0 picks a free port).' },
  { name: 'DATA_DIR', description: 'Directory for events.sqlite, read-models.sqlite, api.sqlite and the generated JWT secret (default ./data).' },
  { name: 'JWT_SECRET', description: 'HS256 signing secret. Unset: generated on first start and kept in DATA_DIR/jwt-secret.' },
  { name: 'EVENT_STORE', description: '`sqlite` (default, DATA_DIR/events.sqlite) or `eventstoredb`.' },
  { name: 'EVENTSTORE_CONNECTION_STRING', description: 'Required with EVENT_STORE=eventstoredb, e.g. esdb://localhost:2113?tls=false.' },
  { name: 'CORS_ORIGINS', description: 'Comma-separated allowed origins (https://a.example,https://b.example) or `*`. Unset: CORS off.' },
  { name: 'LOG_LEVEL', description: `Lowest level logged: ${LOG_LEVELS.join(', ')} (default log). Logs are JSON lines on stdout.` },
  { name: 'READ_YOUR_WRITES_TIMEOUT_MS', description: 'How long a command waits for the read models to apply its write (default 10000).' },
  { name: 'JWT_JWKS_URL', description: 'Identity provider key set (http or https URL). Set: tokens must be RS256 or ES256, signed by one of its keys; JWT_SECRET is not used.' },
  { name: 'JWT_ISSUER', description: 'With JWT_JWKS_URL: the `iss` every token must carry. Unset: not checked.' },
  { name: 'JWT_AUDIENCE', description: 'With JWT_JWKS_URL: a value `aud` must be or contain. Unset: not checked.' },
  { name: 'JWT_ROLES_CLAIM', description: 'With JWT_JWKS_URL: dotted path to the roles array (default `roles`, e.g. `realm_access.roles`); unknown role names are ignored.' },
  { name: 'PUBLIC_ARTICLE_URL', description: 'ClaimReview `url` of an article claim: a template with `{id}` (default http://localhost:PORT/articles/{id}); `#claim-<claimId>` is appended.' },
  { name: 'PUBLIC_FACT_CHECK_URL', description: 'ClaimReview `url` of a fact-check: a template with `{id}` (default http://localhost:PORT/fact-checks/{id}).' },
  { name: 'PUBLISHER_NAME', description: 'ClaimReview `author` name (default Newsroom).' },
  { name: 'PUBLISHER_URL', description: 'ClaimReview `author` URL (default http://localhost:PORT).' },
  { name: 'METRICS_PORT', description: 'TCP port of the Prometheus /metrics server, 0–65535 (0 picks a free port). Unset: no metrics server.' },
];

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function origins(raw: string): string[] {
  const list = raw.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  if (list.length === 1 && list[0] === '*') return list;
  for (const origin of list) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== origin) {
      throw new ConfigError(`CORS_ORIGINS must be "*" or comma-separated origins like https://newsroom.example (no path), got "${origin}"`);
    }
  }
  return list;
}

function jwks(value: (name: string) => string | undefined): JwksConfig | undefined {
  const jwksUrl = value('JWT_JWKS_URL');
  if (jwksUrl === undefined) {
    const orphan = ['JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_ROLES_CLAIM'].find((name) => value(name) !== undefined);
    // A check the operator asked for and that silently never runs is worse than refusing to start.
    if (orphan) throw new ConfigError(`${orphan} applies only to identity provider tokens: set JWT_JWKS_URL too, or unset ${orphan}`);
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(jwksUrl.trim());
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw new ConfigError(`JWT_JWKS_URL must be an http or https URL of a JSON Web Key Set, got "${jwksUrl}"`);
  }
  const rolesClaim = value('JWT_ROLES_CLAIM')?.trim() ?? 'roles';
  if (rolesClaim.split('.').some((step) => step === '')) {
    throw new ConfigError(`JWT_ROLES_CLAIM must be a dotted path like realm_access.roles, got "${rolesClaim}"`);
  }
  return { jwksUrl: url.href, issuer: value('JWT_ISSUER')?.trim(), audience: value('JWT_AUDIENCE')?.trim(), rolesClaim };
}

function httpUrl(name: string, raw: string, { template }: { template: boolean }): string {
  if (template && !raw.includes('{id}')) throw new ConfigError(`${name} must be a URL template containing {id}, got "${raw}"`);
  let url: URL | undefined;
  try {
    url = new URL(template ? raw.replaceAll('{id}', 'id') : raw);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.hash !== '' || raw.includes('#')) {
    throw new ConfigError(`${name} must be an http or https URL${template ? ' template' : ''} without a #fragment, got "${raw}"`);
  }
  return raw;
}

/** The ClaimReview settings from the environment, each defaulting to this service's own address. */
export function claimReviewSettings(value: (name: string) => string | undefined, port: number): ClaimReviewSettings {
  const origin = `http://localhost:${port === 0 ? 3000 : port}`;
  const publisherName = value('PUBLISHER_NAME')?.trim() ?? 'Newsroom';
  if ([...publisherName].length > 200 || /[\p{Cc}\p{Cf}]/u.test(publisherName)) {
    throw new ConfigError('PUBLISHER_NAME must be at most 200 printable characters');
  }
  return {
    articleUrl: httpUrl('PUBLIC_ARTICLE_URL', value('PUBLIC_ARTICLE_URL')?.trim() ?? `${origin}/articles/{id}`, { template: true }),
    factCheckUrl: httpUrl('PUBLIC_FACT_CHECK_URL', value('PUBLIC_FACT_CHECK_URL')?.trim() ?? `${origin}/fact-checks/{id}`, { template: true }),
    publisherName,
    publisherUrl: httpUrl('PUBLISHER_URL', value('PUBLISHER_URL')?.trim() ?? origin, { template: false }),
  };
}

/** Reads and validates the environment; throws ConfigError naming the bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const value = (name: string) => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw;
  };
  const kind = value('EVENT_STORE') ?? 'sqlite';
  if (kind !== 'sqlite' && kind !== 'eventstoredb') throw new ConfigError(`EVENT_STORE must be "sqlite" or "eventstoredb", got "${kind}"`);
  let eventStore: AppConfig['eventStore'] = { kind: 'sqlite' };
  if (kind === 'eventstoredb') {
    const connectionString = value('EVENTSTORE_CONNECTION_STRING');
    if (!connectionString) throw new ConfigError('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb');
    if (!/^esdb(\+discover)?:\/\//.test(connectionString)) {
      throw new ConfigError('EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover://');
    }
    eventStore = { kind, connectionString };
  }
  const logLevel = value('LOG_LEVEL') ?? 'log';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const portRaw = value('PORT');
  const timeoutRaw = value('READ_YOUR_WRITES_TIMEOUT_MS');
  const corsRaw = value('CORS_ORIGINS');
  const metricsRaw = value('METRICS_PORT');
  const port = portRaw === undefined ? 3000 : integer('PORT', portRaw, 0, 65535);
  const metricsPort = metricsRaw === undefined ? undefined : integer('METRICS_PORT', metricsRaw, 0, 65535);
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) {
    throw new ConfigError(`METRICS_PORT must differ from PORT (both ${port}): metrics are served apart from the API`);
  }
  return {
    port,
    dataDir: resolve(value('DATA_DIR') ?? './data'),
    jwtSecret: value('JWT_SECRET'),
    eventStore,
    corsOrigins: corsRaw === undefined ? [] : origins(corsRaw),
    logLevel: logLevel as LogLevel,
    readYourWritesTimeoutMs: timeoutRaw === undefined ? 10_000 : integer('READ_YOUR_WRITES_TIMEOUT_MS', timeoutRaw, 1, 600_000),
    jwks: jwks(value),
    metricsPort,
    claimReview: claimReviewSettings(value, port),
  };
}
