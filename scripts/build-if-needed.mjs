// Builds dist/ when it is missing or older than any source file, so `npm start` works on a fresh clone.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const marker = 'dist/apps/api/src/main.js';
const sourceRoots = ['apps', 'libs', 'bench', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stat.mtimeMs);
}

const stale = !existsSync(marker) || sourceRoots.filter(existsSync).some((root) => newestMtime(root) > statSync(marker).mtimeMs);
if (stale) {
  // Build output goes to stderr, so `TOKEN=$(npm run -s token ...)` captures only the token.
  execSync('npm run build --silent', { stdio: ['ignore', 2, 2] });
}
