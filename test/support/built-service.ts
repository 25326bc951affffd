import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUILT_MAIN = `${ROOT}dist/apps/api/src/main.js`;

/** `npm run build` once; type errors elsewhere in the repo still emit, so what counts is the entry point. */
export function buildService(): void {
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (!existsSync(BUILT_MAIN)) throw new Error(`build produced no ${BUILT_MAIN}:\n${result.stdout}\n${result.stderr}`);
}

export interface RunningService {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

/** Forks the built service on a free port and resolves once it listens. */
export function startBuiltService(env: Record<string, string>): Promise<RunningService> {
  const child = fork(BUILT_MAIN, [], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'log', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((candidate) => candidate.includes('Newsroom API listening'));
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
