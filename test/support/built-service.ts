import { afterAll, beforeAll } from '@jest/globals';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDataDir } from './app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BuiltService {
  main: string;
  remove(): void;
}

/**
 * Builds the service as `npm run build` does (tsc with tsconfig.build.json), but into a private
 * directory: other engineers' builds wipe the shared dist/ at any time. Its package.json makes
 * the #lib imports resolve to the private dist; node_modules is linked. Type errors elsewhere
 * in the repo still emit, so what counts is that the entry point exists.
 */
export function buildService(): BuiltService {
  const root = mkdtempSync(join(tmpdir(), 'newsroom-build-'));
  const result = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(root, 'dist')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const main = join(root, 'dist/apps/api/src/main.js');
  if (!existsSync(main)) throw new Error(`build produced no ${main}:\n${result.stdout}\n${result.stderr}`);
  return { main, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface RunningService {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

/** Forks the built service on a free port and resolves once it listens. */
export function startBuiltService(built: BuiltService, env: Record<string, string>): Promise<RunningService> {
  const child = fork(built.main, [], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'log', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output
        .split('\n')
        .slice(0, -1)
        .find((candidate) => candidate.includes('Newsroom API listening'));
      if (line) {
        clearTimeout(timer);
        const { port } = JSON.parse(line) as { port: number };
        resolve({ child, baseUrl: `http://127.0.0.1:${port}`, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`service exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

export function killHard(service: RunningService): Promise<void> {
  return new Promise((resolve) => {
    if (service.child.exitCode !== null || service.child.signalCode !== null) return resolve();
    service.child.once('exit', () => resolve());
    service.child.kill('SIGKILL');
  });
}

export interface BuiltServices {
  /** Starts the built service with this environment; it is killed after the tests if still running. */
  start(env: Record<string, string>): Promise<RunningService>;
  /** SIGKILLs every service started so far. */
  killAll(): Promise<void>;
  /** A data directory removed after the tests. */
  dataDir(): string;
}

/**
 * For a describe block: builds the service once before its tests and, after them, kills what it
 * started and removes the build and the data directories it handed out.
 */
export function builtServices(): BuiltServices {
  let built: BuiltService | undefined;
  const running: RunningService[] = [];
  const dirs: string[] = [];
  const killAll = async () => {
    for (const service of running.splice(0)) await killHard(service);
  };
  beforeAll(() => {
    built = buildService();
  }, 180_000);
  afterAll(async () => {
    await killAll();
    built?.remove();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    async start(env) {
      if (!built) throw new Error('builtServices().start() runs in a test, after the build');
      const service = await startBuiltService(built, env);
      running.push(service);
      return service;
    },
    killAll,
    dataDir() {
      const dir = tempDataDir();
      dirs.push(dir);
      return dir;
    },
  };
}

/** What a built service answered: status, JSON body and headers. */
export interface ServiceReply {
  status: number;
  body: Record<string, unknown> & { id?: string; version?: number; claimId?: string; items?: unknown[] };
  headers: Headers;
}

/** One request to a built service, as a client sends it: the token, a JSON body, more headers; bounded in time. */
export async function callService(
  service: RunningService,
  method: string,
  path: string,
  token: string,
  options: { body?: object; headers?: Record<string, string> } = {},
): Promise<ServiceReply> {
  const res = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers: { Authorization: token, ...(options.body ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
    body: options.body ? JSON.stringify(options.body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: (await res.json()) as ServiceReply['body'], headers: res.headers };
}
