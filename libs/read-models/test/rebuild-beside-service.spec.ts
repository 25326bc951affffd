import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { generateArticle, openReadModelDatabase, readModelsPath, rebuildReadModels, type ProjectionHealth } from '../src/index.js';
import { appendGenerated, dumpReadModels, openFreshReadModels, storePerTest } from './read-model-fixture.js';

const CHILD = fileURLToPath(new URL('./projection-child.ts', import.meta.url));

describe('rebuild beside a running service', () => {
  const each = storePerTest('beside');

  it('swaps the rebuilt tables in under another process projecting live events, which carries on without a gap', async () => {
    const { temp, store } = each;
    await appendGenerated(store, Array.from({ length: 400 }, (_, index) => generateArticle(index)));
    openReadModelDatabase(readModelsPath(temp.dir)).close();
    const service = fork(CHILD, [temp.dir, '50'], { execArgv: ['--conditions=source', '--import', 'tsx'], stdio: 'inherit' });
    const health = () =>
      new Promise<ProjectionHealth>((resolve) => {
        service.once('message', (message) => resolve(message as ProjectionHealth));
        service.send('health');
      });
    await new Promise((resolve) => service.once('message', resolve));
    try {
      const writing = (async () => {
        for (let index = 400; index < 600; index += 20) {
          await appendGenerated(store, Array.from({ length: 20 }, (_, offset) => generateArticle(index + offset)));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const db = openReadModelDatabase(readModelsPath(temp.dir), { busyTimeoutMs: 5000 });
      await Promise.all([writing, rebuildReadModels(store, db, { pageSize: 500 })]);
      await appendGenerated(store, [generateArticle(600)]);

      let current = await health();
      while (current.lag > 0 && current.ok) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        current = await health();
      }
      expect(current).toMatchObject({ ok: true, lag: 0 });

      const clean = openFreshReadModels(temp.dir, 'clean.sqlite');
      await rebuildReadModels(store, clean);
      expect(dumpReadModels(db)).toEqual(dumpReadModels(clean));
      clean.close();
      db.close();
    } finally {
      service.kill('SIGKILL');
    }
  });
});
