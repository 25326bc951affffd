import Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { generateArticle, openReadModelDatabase, ProjectionRunner, readModelsPath, rebuildReadModels } from '../src/index.js';
import { appendGenerated, dumpReadModels, openFreshReadModels, storePerTest } from './read-model-fixture.js';

const CHILD = fileURLToPath(new URL('./projection-child.ts', import.meta.url));

function appliedEvents(dataDir: string): number {
  const db = new Database(readModelsPath(dataDir), { readonly: true });
  try {
    const position = db.prepare<[], string | null>('SELECT position FROM projection_checkpoint').pluck().get();
    return position ? Number(position.split('/')[0]) : 0;
  } finally {
    db.close();
  }
}

describe('projection runner killed with SIGKILL', () => {
  const each = storePerTest('kill');

  it('resumes after a kill -9 mid-projection and ends with exactly what a clean rebuild gives', async () => {
    const { temp, store } = each;
    await appendGenerated(store, Array.from({ length: 800 }, (_, index) => generateArticle(index)));
    const total = Number((await store.headPosition())!.commit);
    openReadModelDatabase(readModelsPath(temp.dir)).close();

    const killedAt: number[] = [];
    for (const fraction of [0.2, 0.6]) {
      const child = fork(CHILD, [temp.dir, '20'], { execArgv: ['--conditions=source', '--import', 'tsx'], stdio: 'inherit' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await new Promise<void>((resolve, reject) => {
        const poll = setInterval(() => {
          try {
            if (appliedEvents(temp.dir) >= total * fraction) {
              clearInterval(poll);
              child.kill('SIGKILL');
              resolve();
            }
          } catch (error) {
            clearInterval(poll);
            reject(error);
          }
        }, 2);
      });
      expect(await exited).toBe('SIGKILL');
      killedAt.push(appliedEvents(temp.dir));
    }
    expect(killedAt[0]).toBeLessThan(total);
    expect(killedAt[1]).toBeLessThan(total);

    const db = openReadModelDatabase(readModelsPath(temp.dir));
    const runner = new ProjectionRunner(store, db);
    runner.start();
    await runner.waitFor((await store.headPosition())!, 20_000);
    await runner.stop();

    const clean = openFreshReadModels(temp.dir, 'clean.sqlite');
    await rebuildReadModels(store, clean);
    expect(dumpReadModels(db)).toEqual(dumpReadModels(clean));
    clean.close();
    db.close();
  });
});
