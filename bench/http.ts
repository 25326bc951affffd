// HTTP benchmark: the built service (production mode, embedded store, synchronous=FULL) and a
// bare Nest endpoint run side by side as child processes of this run; autocannon (16
// connections) drives each in turn, a few times (BENCH_HTTP_ROUNDS), and every route's median
// requests/s is divided by the bare endpoint's median. Results: {"name","value","unit","baseline","ratio"}, higher is better.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { signToken } from '#auth';
import { benchResult, withTempDir, type BenchModule, type BenchResult } from './support.js';

const CONNECTIONS = 16;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 3);
/** Turns of bare endpoint and route per route (which goes first alternates); each side keeps its median. */
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 3);
const CLAIMS = 1_000;
const CLAIMS_PER_ARTICLE = 20;
const VERDICT_ARTICLES = 200;
const SECRET = 'newsroom-http-bench-secret-0123456789';
const START_TIMEOUT_MS = 60_000;

const service = fileURLToPath(new URL('../apps/api/src/main.js', import.meta.url));
const bare = fileURLToPath(new URL('./bare-nest.js', import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
}

/** Starts a node script and resolves with the port its first JSON line with a port names. */
async function start(script: string, env: NodeJS.ProcessEnv, extraArgs: string[] = []): Promise<Started> {
  const child = spawn(process.execPath, [...extraArgs, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${script} exited with ${String(code)} before listening`);
  });
  const port = new Promise<number>((resolve) => {
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { port?: unknown };
        if (typeof parsed.port === 'number') resolve(parsed.port);
      } catch {
        // not a JSON line: ignore
      }
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const tooSlow = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${script} did not name its port within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
  });
  const listening = await Promise.race([port, exited, tooSlow]).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  clearTimeout(timer);
  // The service's request log keeps flowing: drained unread, so that parsing it costs the load generator nothing.
  lines.close();
  child.stdout!.resume();
  return { child, url: `http://127.0.0.1:${listening}` };
}

async function stop({ child }: Started): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

const bearer = (userId: string, roles: ('editor' | 'fact_checker' | 'viewer')[]) =>
  `Bearer ${signToken({ userId, roles }, SECRET, { expiresInSeconds: 3600 })}`;
const editor = bearer('bench-editor', ['editor']);
const checker = bearer('bench-checker', ['fact_checker']);
const viewer = bearer('bench-viewer', ['viewer']);

const SENTENCE = (n: number) => `الجملة رقم ${n} تقول إن القوات غزت العراق عام 2003 للمرة ${n}.`;
const body = (sentences: number) => Array.from({ length: sentences }, (_, n) => SENTENCE(n + 1)).join(' ');
const draft = (sentences: number) =>
  JSON.stringify({ title: 'مهمة القوات الأمريكية في العراق', body: body(sentences), language: 'ar', byline: 'محمد الصالح', source: 'لكل السوريين' });

async function post(url: string, token: string, payload: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { authorization: token, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Articles with one claim each, for the verdicts; then articles of 20 claims each up to 1,000
 * claims, the newest, which `GET /claims?limit=20` lists.
 */
async function seed(base: string): Promise<{ articleId: string; claims: { articleId: string; claimId: string }[] }> {
  const claims: { articleId: string; claimId: string }[] = [];
  for (let index = 0; index < VERDICT_ARTICLES; index++) {
    const id = String((await post(`${base}/articles`, editor, JSON.parse(draft(1)))).id);
    const claim = await post(`${base}/articles/${id}/claims`, checker, { quote: 'للمرة 1.' });
    claims.push({ articleId: id, claimId: String(claim.claimId) });
  }
  let articleId = '';
  for (let made = 0; made < CLAIMS; made += CLAIMS_PER_ARTICLE) {
    articleId = String((await post(`${base}/articles`, editor, JSON.parse(draft(CLAIMS_PER_ARTICLE)))).id);
    for (let n = 1; n <= CLAIMS_PER_ARTICLE; n++) await post(`${base}/articles/${articleId}/claims`, checker, { quote: `للمرة ${n}.` });
  }
  return { articleId, claims };
}

interface Load {
  method?: 'GET' | 'POST';
  path: string;
  token?: string;
  body?: string;
  /** A different request each time (path and body). */
  next?: () => { path: string; body?: string };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function requestsPerSecond(base: string, load: Load): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (load.token) headers.authorization = load.token;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: load.method ?? 'GET',
        path: load.path,
        headers,
        ...(load.body ? { body: load.body } : {}),
        ...(load.next
          ? {
              setupRequest: (request: autocannon.Request) => {
                const { path, body: nextBody } = load.next!();
                return { ...request, path, ...(nextBody ? { body: nextBody } : {}) };
              },
            }
          : {}),
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${load.method ?? 'GET'} ${load.path}: ${failed} of ${result.requests.total} requests failed (non-2xx ${result.non2xx})`);
  return result.requests.average;
}

export const httpBenchmarks: BenchModule = {
  name: 'http',
  async run(): Promise<BenchResult[]> {
    return withTempDir('newsroom-bench-http-', async (dataDir) => {
      const env = { NODE_ENV: 'production', PORT: '0', DATA_DIR: dataDir, JWT_SECRET: SECRET, LOG_LEVEL: 'log' };
      const cpuProfile = process.env.BENCH_HTTP_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_HTTP_CPU_PROF}`] : [];
      const baseline = await start(bare, { NODE_ENV: 'production' });
      let api: Started | undefined;
      try {
        api = await start(service, env);
        const { articleId, claims } = await seed(api.url);
        if (cpuProfile.length > 0) {
          // Profiled, the service is started again after the seeding, so that the profile shows only the measured requests.
          await stop(api);
          api = await start(service, env, cpuProfile);
        }
        const bareRate = () => requestsPerSecond(baseline.url, { method: 'POST', path: '/echo', body: draft(3) });
        let verdict = 0;
        const loads: [string, Load][] = [
          ['http.post-articles', { method: 'POST', path: '/articles', token: editor, body: draft(3) }],
          ['http.get-claims-limit-20', { path: '/claims?limit=20', token: viewer }],
          ['http.get-article', { path: `/articles/${articleId}`, token: viewer }],
          ['http.get-dashboard', { path: '/dashboard', token: viewer }],
          // Last: the verdicts it adds would otherwise change what the reads above return.
          [
            'http.post-verdict-distinct-articles',
            {
              method: 'POST',
              path: '/',
              token: checker,
              next: () => {
                const { articleId: id, claimId } = claims[verdict++ % claims.length];
                return {
                  path: `/articles/${id}/claims/${claimId}/verdicts`,
                  body: JSON.stringify({ verdict: verdict % 2 ? 'true' : 'false', rationale: 'The Iraq Survey Group found none.' }),
                };
              },
            },
          ],
        ];
        const results: BenchResult[] = [];
        // BENCH_HTTP_ONLY=dashboard runs the routes whose name contains it (for profiling one).
        for (const [name, load] of loads.filter(([candidate]) => candidate.includes(process.env.BENCH_HTTP_ONLY ?? ''))) {
          // The bare endpoint and the route take turns, so both meet the same neighbours.
          const rates: number[] = [];
          const baselineRates: number[] = [];
          for (let round = 0; round < ROUNDS; round++) {
            if (round % 2 === 0) baselineRates.push(await bareRate());
            rates.push(await requestsPerSecond(api.url, load));
            if (round % 2 === 1) baselineRates.push(await bareRate());
          }
          results.push(benchResult(name, median(rates), 'requests/s', median(baselineRates)));
        }
        return results;
      } finally {
        await Promise.all([api && stop(api), stop(baseline)]);
      }
    });
  },
};
