import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SECRET_FILE = 'jwt-secret';

/**
 * The signing secret: JWT_SECRET when set, otherwise one generated on first use and kept in
 * the data directory, so the service and `npm run token` agree without configuration.
 */
export function resolveJwtSecret(dataDir: string, configured: string | undefined = process.env.JWT_SECRET): string {
  if (configured !== undefined && configured !== '') return configured;
  const path = join(dataDir, SECRET_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(path, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(path, 'utf8').trim();
}
