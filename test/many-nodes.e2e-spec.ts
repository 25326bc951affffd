import { describe, expect, it } from '@jest/globals';
import { comparePositions } from '#event-store';
import { EsdbWireDouble } from '#testing';
import { parsePositionToken } from '../apps/api/src/commands/read-your-writes.js';
import { TEST_SECRET, users } from './support/app.js';
import { builtServices, callService as call, killHard, type RunningService } from './support/built-service.js';
import { sampleArticle } from './support/newsroom.js';

const ARTICLES = 3;
const WRITES_PER_PHASE = 6;
const QUOTE = 'القواعد عراقية';
const BODY = `${QUOTE}. `.repeat(3 * WRITES_PER_PHASE + 10);

interface Write {
  key: string;
  articleId: string;
  occurrence: number;
  /** Set once a node answered 201. */
  claimId?: string;
  position?: string;
}

describe('three service nodes on one event store: round-robin writes and reads, one node killed and restarted', () => {
  const services = builtServices();
  const dataDir = () => services.dataDir();

  async function roundRobin(envOf: (node: number) => Record<string, string>): Promise<void> {
    const start = (node: number) => services.start({ JWT_SECRET: TEST_SECRET, ...envOf(node) });
    const nodes: (RunningService | null)[] = [];
    for (let node = 0; node < 3; node++) nodes.push(await start(node));
    let turn = 0;
    const nextNode = (): RunningService => {
      for (;;) {
        const node = nodes[turn++ % nodes.length];
        if (node) return node;
      }
    };

    const articleIds: string[] = [];
    for (let article = 0; article < ARTICLES; article++) {
      const drafted = await call(nextNode(), 'POST', '/articles', users.editor(), { body: sampleArticle({ body: BODY }), headers: { 'Idempotency-Key': `nodes-draft-${article}` } });
      expect(drafted.status).toBe(201);
      articleIds.push(drafted.body.id as string);
    }

    const writes: Write[] = [];
    let occurrence = 0;
    const newWrite = (index: number): Write => {
      const articleId = articleIds[index % ARTICLES];
      occurrence += 1;
      const write = { key: `nodes-claim-${occurrence}`, articleId, occurrence };
      writes.push(write);
      return write;
    };
    /** One write through one node, then a read of it through the next: the read must see it. */
    const writeAndReadBack = async (write: Write, writer: RunningService) => {
      const res = await call(writer, 'POST', `/articles/${write.articleId}/claims`, users.factChecker(), {
        body: { quote: QUOTE, occurrence: write.occurrence },
        headers: { 'Idempotency-Key': write.key },
      });
      if (res.status !== 201) return res.status;
      write.claimId = res.body.claimId as string;
      write.position = res.headers.get('newsroom-position')!;
      const reader = nextNode();
      const read = await call(reader, 'GET', `/articles/${write.articleId}`, users.viewer(), { headers: { 'Newsroom-Min-Position': write.position } });
      expect(read.status).toBe(200);
      expect((read.body.claims as { id: string }[]).map((claim) => claim.id)).toContain(write.claimId);
      return 201;
    };

    for (let i = 0; i < WRITES_PER_PHASE; i++) expect(await writeAndReadBack(newWrite(i), nextNode())).toBe(201);

    // Killed with a write in flight: that write's outcome is unknown to the client until it retries.
    const victim = nodes[1]!;
    const inFlight = newWrite(WRITES_PER_PHASE);
    const lost = writeAndReadBack(inFlight, victim).catch(() => 'connection lost');
    await killHard(victim);
    nodes[1] = null;
    await lost;
    for (let i = 0; i < WRITES_PER_PHASE; i++) expect(await writeAndReadBack(newWrite(i), nextNode())).toBe(201);

    nodes[1] = await start(1);
    for (let i = 0; i < WRITES_PER_PHASE; i++) expect(await writeAndReadBack(newWrite(i), nextNode())).toBe(201);
    // The client retries what it never heard back about, with the same key, on any node: it lands once.
    if (!inFlight.claimId) {
      for (let tries = 0; tries < 50 && !inFlight.claimId; tries++) {
        const status = await writeAndReadBack(inFlight, nextNode());
        if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(inFlight.claimId).toBeDefined();

    // Every node, the restarted one included, shows every acknowledged write once.
    const latest = writes.map((write) => write.position!).sort((x, y) => comparePositions(parsePositionToken(x), parsePositionToken(y))).at(-1)!;
    for (const node of nodes) {
      for (const articleId of articleIds) {
        const read = await call(node!, 'GET', `/articles/${articleId}`, users.viewer(), { headers: { 'Newsroom-Min-Position': latest } });
        expect(read.status).toBe(200);
        const claims = (read.body.claims as { id: string; occurrence?: number }[]).map((claim) => claim.id).sort();
        const expected = writes.filter((write) => write.articleId === articleId).map((write) => write.claimId!).sort();
        expect(claims).toEqual(expected);
        expect(read.body.version).toBe(1 + expected.length);
      }
      const health = await call(node!, 'GET', '/health', '');
      expect(health.body).toMatchObject({ status: 'ok', projections: { lag: 0 } });
    }
  }

  it('on the EventStoreDB wire double, each node with its own read models in its own DATA_DIR', async () => {
    const double = await EsdbWireDouble.start();
    try {
      const dirsOfNodes = [dataDir(), dataDir(), dataDir()];
      await roundRobin((node) => ({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: double.connectionString, DATA_DIR: dirsOfNodes[node] }));
    } finally {
      await services.killAll();
      await double.stop();
    }
  }, 180_000);

  it('on one SQLite DATA_DIR shared by the three processes', async () => {
    const shared = dataDir();
    try {
      await roundRobin(() => ({ DATA_DIR: shared }));
    } finally {
      await services.killAll();
    }
  }, 180_000);
});
