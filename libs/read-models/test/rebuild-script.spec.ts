import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { generateArticle, openReadModelDatabase, ProjectionRunner, readModelsPath, ReadModelQueries } from '../src/index.js';
import { appendGenerated, dumpReadModels, storePerTest } from './read-model-fixture.js';

const SCRIPT = fileURLToPath(new URL('../../../scripts/rebuild-projections.ts', import.meta.url));

function startScript(env: Record<string, string>) {
  return fork(SCRIPT, [], { execArgv: ['--conditions=source', '--import', 'tsx'], env: { ...process.env, ...env }, stdio: 'pipe' });
}

function runScript(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = startScript(env);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run projections:rebuild', () => {
  const each = storePerTest('script');

  it('rebuilds the read models of DATA_DIR to what the runner had, and refuses an unknown EVENT_STORE', async () => {
    const { temp, store } = each;
    await appendGenerated(store, Array.from({ length: 50 }, (_, index) => generateArticle(index)));
    const db = openReadModelDatabase(readModelsPath(temp.dir));
    const runner = new ProjectionRunner(store, db, { source: 'sqlite' });
    runner.start();
    await runner.waitFor((await store.headPosition())!);
    await runner.stop();
    const live = dumpReadModels(db);
    db.prepare(`DELETE FROM claims`).run();

    const { code, output } = await runScript({ DATA_DIR: temp.dir });

    expect({ code, output }).toMatchObject({ code: 0, output: expect.stringMatching(/Rebuilt .* from \d+ events/) });
    expect(dumpReadModels(db)).toEqual(live);
    expect(new ReadModelQueries(db).listClaims({ limit: 1 }).items).toHaveLength(1);
    db.close();

    expect(await runScript({ DATA_DIR: temp.dir, EVENT_STORE: 'postgres' })).toMatchObject({ code: 1, output: expect.stringMatching(/EVENT_STORE/) });
  });

  it('leaves the live read models untouched when killed mid-rebuild; the next run completes', async () => {
    const { temp, store } = each;
    await appendGenerated(store, Array.from({ length: 1500 }, (_, index) => generateArticle(index)));
    const db = openReadModelDatabase(readModelsPath(temp.dir));
    const runner = new ProjectionRunner(store, db, { source: 'sqlite' });
    runner.start();
    await runner.waitFor((await store.headPosition())!, 20_000);
    await runner.stop();
    const live = dumpReadModels(db);

    const child = startScript({ DATA_DIR: temp.dir });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const nextTablesExist = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'projection_checkpoint_next'`);
    const built = () => (nextTablesExist.get() ? (db.prepare('SELECT events FROM projection_checkpoint_next').pluck().get() as number) : 0);
    while (built() === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(built()).toBeLessThan(Number((await store.headPosition())!.commit));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(dumpReadModels(db)).toEqual(live);
    expect(await runScript({ DATA_DIR: temp.dir })).toMatchObject({ code: 0 });
    expect(dumpReadModels(db)).toEqual(live);
    db.close();
  });
});
