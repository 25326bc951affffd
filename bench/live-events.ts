// GET /events under load: the command path's latency with no event stream open, against with 200
// open (10 of them never reading), and how fast the 190 reading clients get each event with and
// without the 10 stalled ones. The service runs in this process on a free port; the clients run
// in a worker thread, over real loopback HTTP.
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { INestApplication } from '@nestjs/common';
import { signToken } from '#auth';
import { createApp } from '../apps/api/src/app.factory.js';
import { benchResult, withTempDir, type BenchModule, type BenchResult } from './support.js';

/** Rounds of COMMANDS per setting, the settings taking turns, so that the neighbours' load falls on all of them alike. */
const ROUNDS = 5;
const COMMANDS = 40;
const WARM_UP = 50;
const READERS = 190;
const STALLED = 10;
const SECRET = 'bench-live-events-secret-0123456789';

/** READERS + STALLED event-stream clients in a worker thread. */
class StreamClients {
  private constructor(private readonly worker: Worker) {}

  static async open(baseUrl: string, token: string, readers: number, stalled: number): Promise<StreamClients> {
    const worker = new Worker(new URL('./live-events-clients.js', import.meta.url), { workerData: { baseUrl, token, readers, stalled } });
    const clients = new StreamClients(worker);
    await clients.next('open');
    return clients;
  }

  /** Waits until every reading client got `count` events; the fan-out spread of each event, in ms. */
  async deliveries(count: number): Promise<number[]> {
    this.worker.postMessage({ type: 'deliveries', count });
    const { spread, inOrder } = (await this.next('deliveries')) as { spread: number[]; inOrder: boolean };
    if (!inOrder || spread.some(Number.isNaN)) throw new Error('A reading client missed an event or got them out of order');
    return spread;
  }

  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' });
    await this.next('closed');
    await this.worker.terminate();
  }

  private next(type: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: { type: string; message?: string }) => {
        if (message.type !== type && message.type !== 'error') return;
        this.worker.off('message', onMessage);
        if (message.type === 'error') reject(new Error(message.message));
        else resolve(message);
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', reject);
    });
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Drafts COMMANDS articles one after another; returns each one's latency. */
async function runCommands(baseUrl: string, token: string, count = COMMANDS): Promise<{ latencies: number[] }> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await fetch(`${baseUrl}/articles`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: `تقرير ${i}`, body: 'قال الرئيس إن القوات ستغادر العراق بنهاية العام.', language: 'ar' }),
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`POST /articles answered ${res.status}`);
    latencies.push(performance.now() - started);
  }
  return { latencies };
}

async function runLiveEventBenchmarks(dir: string): Promise<BenchResult[]> {
  const app: INestApplication = await createApp(
    { port: 0, dataDir: dir, jwtSecret: SECRET, eventStore: { kind: 'sqlite' }, corsOrigins: [], logLevel: 'error', readYourWritesTimeoutMs: 10_000 },
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const editor = signToken({ userId: 'bench-editor', roles: ['editor'] }, SECRET);
  const viewer = signToken({ userId: 'bench-viewer', roles: ['viewer'] }, SECRET);
  let clients: StreamClients | null = null;
  try {
    await runCommands(baseUrl, editor, WARM_UP); // warm-up: JIT, SQLite page cache, connection pool

    const alone = { latencies: [] as number[] };
    const readersOnly = { latencies: [] as number[] };
    const crowded = { latencies: [] as number[] };
    const spreadWithoutStalled: number[] = [];
    const spreadWithStalled: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      alone.latencies.push(...(await runCommands(baseUrl, editor)).latencies);

      clients = await StreamClients.open(baseUrl, viewer, READERS, 0);
      readersOnly.latencies.push(...(await runCommands(baseUrl, editor)).latencies);
      spreadWithoutStalled.push(...(await clients.deliveries(COMMANDS)));
      await clients.close();

      clients = await StreamClients.open(baseUrl, viewer, READERS, STALLED);
      crowded.latencies.push(...(await runCommands(baseUrl, editor)).latencies);
      spreadWithStalled.push(...(await clients.deliveries(COMMANDS)));
      await clients.close();
      clients = null;
    }

    const total = READERS + STALLED;
    return [
      benchResult(`live-events.command-latency-p50-${total}-clients-${STALLED}-stalled`, percentile(crowded.latencies, 50), 'ms', percentile(alone.latencies, 50)),
      benchResult(`live-events.command-latency-p95-${total}-clients-${STALLED}-stalled`, percentile(crowded.latencies, 95), 'ms', percentile(alone.latencies, 95)),
      benchResult(`live-events.command-latency-p50-${READERS}-readers-plus-${STALLED}-stalled`, percentile(crowded.latencies, 50), 'ms', percentile(readersOnly.latencies, 50)),
      benchResult(`live-events.fan-out-spread-p95-${READERS}-readers-with-${STALLED}-stalled`, percentile(spreadWithStalled, 95), 'ms', percentile(spreadWithoutStalled, 95)),
    ];
  } finally {
    await clients?.close();
    await app.close();
  }
}

export const liveEventBenchmarks: BenchModule = {
  name: 'live-events',
  run: () => withTempDir('bench-live-events-', runLiveEventBenchmarks),
};
