import { resolve } from 'node:path';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  port: number;
  dataDir: string;
  /** Undefined: a secret is generated once and kept in dataDir. */
  jwtSecret: string | undefined;
  eventStore: { kind: 'sqlite' } | { kind: 'eventstoredb'; connectionString: string };
  /** Empty: CORS is off. ['*']: any origin. */
  corsOrigins: string[];
  logLevel: LogLevel;
  /** How long a command waits for the read models to reflect its write before answering 503. */
  readYourWritesTimeoutMs: number;
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
  return {
    port: portRaw === undefined ? 3000 : integer('PORT', portRaw, 0, 65535),
    dataDir: resolve(value('DATA_DIR') ?? './data'),
    jwtSecret: value('JWT_SECRET'),
    eventStore,
    corsOrigins: corsRaw === undefined ? [] : origins(corsRaw),
    logLevel: logLevel as LogLevel,
    readYourWritesTimeoutMs: timeoutRaw === undefined ? 10_000 : integer('READ_YOUR_WRITES_TIMEOUT_MS', timeoutRaw, 1, 600_000),
  };
}
