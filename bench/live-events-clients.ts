// The event-stream clients of bench/live-events.ts, in a worker thread of their own, so that
// parsing 190 streams does not compete with the service for its event loop.
import { request, type ClientRequest } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

interface Setup {
  baseUrl: string;
  token: string;
  readers: number;
  stalled: number;
}

interface Client {
  request: ClientRequest;
  arrivals: Map<string, number>;
}

const { baseUrl, token, readers, stalled } = workerData as Setup;

function openStream(reading: boolean): Promise<Client> {
  return new Promise((resolve, reject) => {
    const arrivals = new Map<string, number>();
    const req = request(`${baseUrl}/events`, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET /events answered ${res.statusCode}`));
      if (!reading) {
        res.pause();
        return resolve({ request: req, arrivals });
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const id = /^id: (.+)$/m.exec(buffer.slice(0, end))?.[1];
          if (id) arrivals.set(id, now);
          buffer = buffer.slice(end + 2);
        }
      });
      resolve({ request: req, arrivals });
    });
    req.on('error', reject);
    req.end();
  });
}

const reading = await Promise.all(Array.from({ length: readers }, () => openStream(true)));
const stalledClients = await Promise.all(Array.from({ length: stalled }, () => openStream(false)));
parentPort!.postMessage({ type: 'open' });

parentPort!.on('message', async (message: { type: 'deliveries'; count: number } | { type: 'close' }) => {
  if (message.type === 'close') {
    for (const client of [...reading, ...stalledClients]) client.request.destroy();
    parentPort!.postMessage({ type: 'closed' });
    return;
  }
  const deadline = Date.now() + 60_000;
  while (reading.some((client) => client.arrivals.size < message.count)) {
    if (Date.now() > deadline) {
      parentPort!.postMessage({ type: 'error', message: 'The reading clients did not get every event within 60 s' });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // For each event, how long after the first reader got it the last one did: the fan-out's spread.
  const ids = [...reading[0].arrivals.keys()];
  const spread = ids.map((id) => {
    const times = reading.map((client) => client.arrivals.get(id));
    if (times.some((time) => time === undefined)) return Number.NaN;
    return Math.max(...(times as number[])) - Math.min(...(times as number[]));
  });
  const inOrder = reading.every((client) => [...client.arrivals.keys()].join() === ids.join());
  parentPort!.postMessage({ type: 'deliveries', spread, inOrder });
});
