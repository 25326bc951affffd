import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { startApp, tempDataDir, type TestApp } from './support/app.js';
import { sampleArticle } from './support/newsroom.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function token(args: string[], env: Record<string, string>) {
  const { JWT_SECRET: _ignored, ...inherited } = process.env;
  return spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'scripts/token.ts', ...args], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    encoding: 'utf8',
  });
}

describe('npm run token', () => {
  let t: TestApp | undefined;
  afterAll(() => t?.close());

  it('signs with the secret the service generated in DATA_DIR; roles are enforced', async () => {
    const dataDir = tempDataDir();
    t = await startApp({ dataDir, config: { jwtSecret: undefined } });
    const editor = token(['--sub', 'alice', '--roles', 'editor,translator'], { DATA_DIR: dataDir });
    expect(editor.status).toBe(0);
    const viewer = token(['--sub', 'vic', '--roles', 'viewer', '--ttl', '60'], { DATA_DIR: dataDir });

    const created = await request(t.http).post('/articles').set('Authorization', `Bearer ${editor.stdout.trim()}`).send(sampleArticle());
    expect(created.status).toBe(201);
    const history = await request(t.http).get(`/articles/${created.body.id}/history`).set('Authorization', `Bearer ${editor.stdout.trim()}`);
    expect(history.body[0].by).toBe('alice');
    expect((await request(t.http).post('/articles').set('Authorization', `Bearer ${viewer.stdout.trim()}`).send(sampleArticle())).status).toBe(403);

    const otherSecret = token(['--sub', 'alice', '--roles', 'editor'], { DATA_DIR: dataDir, JWT_SECRET: 'not-the-service-secret' });
    expect((await request(t.http).get('/articles').set('Authorization', `Bearer ${otherSecret.stdout.trim()}`)).status).toBe(401);
  });

  it('refuses missing or unknown arguments with a usage message', () => {
    for (const args of [[], ['--sub', 'a'], ['--sub', 'a', '--roles', 'boss'], ['--sub', 'a', '--roles', 'editor', '--ttl', '-5'], ['--nope']]) {
      const result = token(args, { DATA_DIR: tempDataDir() });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('usage: npm run token');
      expect(result.stdout).toBe('');
    }
  });
});
