import { describe, expect, it } from '@jest/globals';
import { TEST_SECRET, users } from './support/app.js';
import { builtServices, callService as call, killHard } from './support/built-service.js';
import { sampleArticle } from './support/newsroom.js';

interface Acknowledged {
  articleId: string;
  version: number;
  claimId?: string;
}

describe('the built service: kill -9 loses nothing acknowledged; SIGTERM shuts down cleanly', () => {
  const services = builtServices();
  const dataDir = services.dataDir();
  const env = { DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET };

  it('every acknowledged write survives SIGKILL and a restart on the same DATA_DIR', async () => {
    const first = await services.start(env);
    const acknowledged: Acknowledged[] = [];
    const drafted = await call(first, 'POST', '/articles', users.editor(), {
      body: sampleArticle({ body: 'القواعد عراقية. '.repeat(40) }),
      headers: { 'Idempotency-Key': 'before-crash' },
    });
    expect(drafted.status).toBe(201);
    const articleId = drafted.body.id!;
    acknowledged.push({ articleId, version: 1 });

    // Writes keep arriving while the process is killed: every 2xx that came back must be durable.
    let stop = false;
    const refused: number[] = [];
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await call(first, 'POST', `/articles/${articleId}/claims`, users.factChecker(), { body: { quote: 'القواعد عراقية', occurrence: writer * 10 + (i % 10) + 1 } });
          if (res.status === 201) acknowledged.push({ articleId, version: res.body.version!, claimId: res.body.claimId });
          else refused.push(res.status);
        } catch {
          return;
        }
      }
    });
    while (acknowledged.length < 25 && refused.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await killHard(first);
    stop = true;
    await Promise.all(writers);
    expect(refused).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(25);

    const second = await services.start(env);
    const article = await call(second, 'GET', `/articles/${articleId}`, users.viewer());
    expect(article.status).toBe(200);
    const highest = Math.max(...acknowledged.map((ack) => ack.version));
    expect(article.body.version as number).toBeGreaterThanOrEqual(highest);
    const claimIds = new Set((article.body.claims as Array<{ id: string }>).map((claim) => claim.id));
    for (const ack of acknowledged.filter((candidate) => candidate.claimId)) expect(claimIds.has(ack.claimId!)).toBe(true);

    const history = await call(second, 'GET', `/articles/${articleId}/history`, users.viewer());
    expect((history.body as unknown as unknown[]).length).toBe(article.body.version);

    const retry = await call(second, 'POST', '/articles', users.editor(), {
      body: sampleArticle({ body: 'القواعد عراقية. '.repeat(40) }),
      headers: { 'Idempotency-Key': 'before-crash' },
    });
    expect({ status: retry.status, body: retry.body }).toEqual({ status: drafted.status, body: drafted.body });
    const list = await call(second, 'GET', '/articles', users.viewer());
    expect(list.body.items).toHaveLength(1);

    const health = await call(second, 'GET', '/health', '');
    expect(health.body).toMatchObject({ status: 'ok', eventStore: 'ok', projections: { lag: 0 } });

    // Nest closes the app on SIGTERM, then re-raises the signal to end the process.
    const exited = new Promise<string | number | null>((resolve) => second.child.once('exit', (code, signal) => resolve(code ?? signal)));
    second.child.kill('SIGTERM');
    expect([0, 'SIGTERM']).toContain(await exited);
    expect(second.output()).toContain('Projections stopped and stores closed');
    expect(second.output()).toMatch(/"level":"log".*"message":"request".*"requestId":"[0-9a-f-]{36}"/);
  }, 120_000);
});
