// Nodes benchmark: 1, 2 and 3 service processes (production mode, each with its own read models
// in its own DATA_DIR) on one EventStoreDB wire double, in a process of its own. The same
// number of connections is spread over the nodes; commands/s and the read latency of
// GET /articles/{id} are each divided by the 1-node figure of this run. Commands: higher is
// better; read latency: lower is better.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { signToken } from '#auth';
import { benchResult, withTempDir, type BenchModule, type BenchResult } from './support.js';

const CONNECTIONS = 12;
const SECONDS = Number(process.env.BENCH_NODES_SECONDS ?? 3);
const SECRET = 'newsroom-nodes-bench-secret-0123456789';
const START_TIMEOUT_MS = 60_000;

const service = fileURLToPath(new URL('../apps/api/src/main.js', import.meta.url));
const doubleChild = fileURLToPath(new URL('../../bench/esdb-double.child.ts', import.meta.url));
const editor = `Bearer ${signToken({ userId: 'bench-editor', roles: ['editor'] }, SECRET, { expiresInSeconds: 3600 })}`;
const viewer = `Bearer ${signToken({ userId: 'bench-viewer', roles: ['viewer'] }, SECRET, { expiresInSeconds: 3600 })}`;
const draft = JSON.stringify({ title: 'مهمة القوات الأمريكية في العراق', body: 'قال الرئيس إن القوات ستغادر. وأكد البيان أن القواعد عراقية.', language: 'ar' });

/** Starts a child and resolves with the first JSON line of its stdout that has the wanted field. */
async function start(args: string[], env: NodeJS.ProcessEnv, field: 'port' | 'connectionString'): Promise<{ child: ChildProcess; value: string }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const found = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      try {
        const value = (JSON.parse(line) as Record<string, unknown>)[field];
        if (value !== undefined) resolve(String(value));
      } catch {
        // not a JSON line
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.at(-1)} exited with ${String(code)} before naming its ${field}`)));
    setTimeout(() => reject(new Error(`${args.at(-1)} did not name its ${field} in time`)), START_TIMEOUT_MS).unref();
  });
  const value = await found.catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  lines.close();
  child.stdout!.resume();
  return { child, value };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

interface Rates {
  requestsPerSecond: number;
  latencyMs: number;
}

/** The connections spread over the nodes, all at once; requests/s summed, latency averaged by requests. */
async function load(urls: string[], request: { method: 'GET' | 'POST'; path: string; token: string; body?: string }): Promise<Rates> {
  const results = await Promise.all(
    urls.map((url) =>
      autocannon({
        url,
        connections: CONNECTIONS / urls.length,
        duration: SECONDS,
        requests: [{ method: request.method, path: request.path, headers: { authorization: request.token, 'content-type': 'application/json' }, ...(request.body ? { body: request.body } : {}) }],
      }),
    ),
  );
  const failed = results.reduce((sum, result) => sum + result.non2xx + result.errors + result.timeouts, 0);
  if (failed > 0) throw new Error(`${request.method} ${request.path} on ${urls.length} nodes: ${failed} requests failed`);
  const total = results.reduce((sum, result) => sum + result.requests.total, 0);
  return {
    requestsPerSecond: results.reduce((sum, result) => sum + result.requests.average, 0),
    latencyMs: results.reduce((sum, result) => sum + result.latency.average * result.requests.total, 0) / total,
  };
}

export const nodeBenchmarks: BenchModule = {
  name: 'nodes',
  async run(): Promise<BenchResult[]> {
    const double = await start(['--conditions=source', '--import', 'tsx', doubleChild], {}, 'connectionString');
    const nodes: ChildProcess[] = [];
    try {
      return await withTempDir('newsroom-bench-nodes-', async (dir) => {
        const urls: string[] = [];
        const measured: { nodes: number; commands: Rates; reads: Rates }[] = [];
        let articleId = '';
        for (let count = 1; count <= 3; count++) {
          const env = { NODE_ENV: 'production', PORT: '0', DATA_DIR: `${dir}/node-${count}`, JWT_SECRET: SECRET, LOG_LEVEL: 'log', EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: double.value };
          const node = await start([service], env, 'port');
          nodes.push(node.child);
          urls.push(`http://127.0.0.1:${node.value}`);
          if (!articleId) {
            const res = await fetch(`${urls[0]}/articles`, { method: 'POST', headers: { authorization: editor, 'content-type': 'application/json' }, body: draft });
            articleId = String(((await res.json()) as { id: string }).id);
          }
          const commands = await load(urls, { method: 'POST', path: '/articles', token: editor, body: draft });
          const reads = await load(urls, { method: 'GET', path: `/articles/${articleId}`, token: viewer });
          measured.push({ nodes: count, commands, reads });
        }
        const [one] = measured;
        return measured.flatMap(({ nodes: count, commands, reads }) => [
          benchResult(`nodes.post-articles-${count}-nodes-vs-1`, commands.requestsPerSecond, 'commands/s', one.commands.requestsPerSecond),
          benchResult(`nodes.get-article-latency-${count}-nodes-vs-1`, reads.latencyMs, 'ms (lower is better)', one.reads.latencyMs),
        ]);
      });
    } finally {
      await Promise.all(nodes.map(stop));
      await stop(double.child);
    }
  },
};
