/* global URL, fetch, setTimeout */
// Keeps the OpenAPI document faithful: builds, starts the service on a free port with a fresh
// DATA_DIR, lints the document it serves with Spectral (spectral:oas, failing on errors), then runs
// the demo through a Prism validating proxy (--errors) and fails on any request or response the
// document does not describe. Usage: npm run contract
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const work = mkdtempSync(join(tmpdir(), 'newsroom-contract-'));
const secret = 'contract-check-secret-0123456789abcdef';
const children = [];

const log = (message) => process.stdout.write(`contract-check: ${message}\n`);

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function start(name, command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk) => output.push(chunk.toString()));
  children.push(child);
  return { child, output: () => output.join(''), name };
}

async function waitFor(url, what, process, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null) throw new Error(`${what} exited (${process.child.exitCode}):\n${process.output()}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s:\n${process.output()}`);
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });
  return result.status ?? 1;
}

async function main() {
  log('building');
  if (run('npm', ['run', '-s', 'build']) !== 0) throw new Error('the build failed');

  const apiPort = await freePort();
  const service = start('service', process.execPath, ['dist/apps/api/src/main.js'], {
    PORT: String(apiPort),
    DATA_DIR: join(work, 'data'),
    JWT_SECRET: secret,
    LOG_LEVEL: 'warn',
    METRICS_PORT: '',
  });
  const api = `http://127.0.0.1:${apiPort}`;
  await waitFor(`${api}/health`, 'the service', service);

  const documentPath = join(work, 'openapi.json');
  writeFileSync(documentPath, await (await fetch(`${api}/docs-json`)).text());
  log(`linting the served document (${api}/docs-json) with Spectral`);
  if (run(bin('spectral'), ['lint', documentPath, '--ruleset', join(root, '.spectral.yaml'), '--fail-severity', 'error']) !== 0) {
    throw new Error('Spectral found errors in the OpenAPI document');
  }

  const prismPort = await freePort();
  const prism = start('prism', bin('prism'), ['proxy', documentPath, api, '--errors', '--host', '127.0.0.1', '--port', String(prismPort)]);
  await waitFor(`http://127.0.0.1:${prismPort}/health`, 'the Prism proxy', prism);

  log(`running the demo through the Prism validating proxy (--errors) on port ${prismPort}`);
  const demo = run(process.execPath, ['dist/scripts/demo.js'], { NEWSROOM_URL: `http://127.0.0.1:${prismPort}`, JWT_SECRET: secret, DATA_DIR: join(work, 'data') });
  // Prism logs as it goes: give the last lines a moment to arrive.
  await new Promise((resolveWait) => setTimeout(resolveWait, 500));
  const violations = prism
    .output()
    .split('\n')
    .filter((line) => /violation|error/i.test(line));
  if (demo !== 0 || violations.length > 0) {
    process.stderr.write(`${prism.output()}\n`);
    throw new Error(`the demo ${demo === 0 ? 'ran' : 'failed'} through Prism (${violations.length} violation or error line(s) logged): the document does not describe what the service sends or accepts`);
  }
  log('the served document lints clean and describes every request and response of the demo');
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  process.stderr.write(`contract-check: FAILED: ${error.message}\n`);
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await new Promise((resolveWait) => setTimeout(resolveWait, 300));
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
