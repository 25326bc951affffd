import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { signToken, type Role } from '#auth';
import { createApp } from '../../apps/api/src/app.factory.js';
import type { AppConfig } from '../../apps/api/src/config.js';

export const TEST_SECRET = 'newsroom-e2e-secret-0123456789abcdef';

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'newsroom-e2e-'));
}

export function testConfig(dataDir: string, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    dataDir,
    jwtSecret: TEST_SECRET,
    eventStore: { kind: 'sqlite' },
    corsOrigins: [],
    logLevel: (process.env.E2E_LOG_LEVEL as AppConfig['logLevel'] | undefined) ?? 'error',
    readYourWritesTimeoutMs: 10_000,
    ...overrides,
  };
}

export function tokenFor(userId: string, roles: Role[], secret = TEST_SECRET): string {
  return `Bearer ${signToken({ userId, roles }, secret, { expiresInSeconds: 3600 })}`;
}

/** The people of the seed workflow. */
export const users = {
  editor: () => tokenFor('edith-editor', ['editor']),
  secondEditor: () => tokenFor('omar-editor', ['editor']),
  factChecker: () => tokenFor('farah-checker', ['fact_checker']),
  translator: () => tokenFor('tariq-translator', ['translator']),
  viewer: () => tokenFor('vera-viewer', ['viewer']),
  /** Translator and editor at once: the four-eyes rule still applies to them. */
  editorTranslator: () => tokenFor('eli-both', ['editor', 'translator']),
};

export interface TestApp {
  app: INestApplication;
  http: Server;
  dataDir: string;
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** The real application on real SQLite files in a temporary DATA_DIR. */
export async function startApp(options: { dataDir?: string; config?: Partial<AppConfig> } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? tempDataDir();
  const app = await createApp(testConfig(dataDir, options.config), { logger: process.env.E2E_LOG_LEVEL ? undefined : false });
  await app.init();
  return {
    app,
    http: app.getHttpServer() as Server,
    dataDir,
    async close({ keepData = false } = {}) {
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
