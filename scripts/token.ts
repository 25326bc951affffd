// Prints a JWT for the API: npm run token -- --sub alice --roles editor,translator [--ttl 43200]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveJwtSecret, ROLES, signToken, type Role } from '#auth';

const usage = 'usage: npm run token -- --sub <user id> --roles <role,role…> [--ttl <seconds>]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\nroles: ${ROLES.join(', ')}\n`);
  process.exit(2);
}

let values: { sub?: string; roles?: string; ttl?: string };
try {
  ({ values } = parseArgs({ options: { sub: { type: 'string' }, roles: { type: 'string' }, ttl: { type: 'string' } }, strict: true }));
} catch (error) {
  fail((error as Error).message);
}

const sub = values.sub?.trim();
if (!sub) fail('--sub is required');
const roles = (values.roles ?? '').split(',').map((role) => role.trim()).filter((role) => role !== '');
if (roles.length === 0) fail('--roles is required');
const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
if (unknown.length > 0) fail(`unknown role(s): ${unknown.join(', ')}`);
const ttl = values.ttl === undefined ? 12 * 3600 : Number(values.ttl);
if (!Number.isSafeInteger(ttl) || ttl <= 0) fail('--ttl must be a positive number of seconds');

const secret = resolveJwtSecret(resolve(process.env.DATA_DIR?.trim() || './data'), process.env.JWT_SECRET);
process.stdout.write(`${signToken({ userId: sub, roles: roles as Role[] }, secret, { expiresInSeconds: ttl })}\n`);
