import { createHmac, timingSafeEqual } from 'node:crypto';

export const ROLES = ['editor', 'fact_checker', 'translator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: string;
  roles: Role[];
}

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

const base64url = /^[A-Za-z0-9_-]+$/;
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hmac = (input: string, secret: string) => createHmac('sha256', secret).update(input).digest();

export function signToken(principal: Principal, secret: string, options: { expiresInSeconds?: number; now?: Date } = {}): string {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({
    sub: principal.userId,
    roles: principal.roles,
    iat: issuedAt,
    exp: issuedAt + (options.expiresInSeconds ?? 3600),
  });
  return `${header}.${payload}.${hmac(`${header}.${payload}`, secret).toString('base64url')}`;
}

const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

// Control and format characters (bidi overrides, zero-width marks) and line separators would let an
// id print as another in logs and history; a lone surrogate cannot be stored as UTF-8.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Surrogate}]/u;

/** A user id is stored in every event it writes: 1–255 code points, not all white space, printable, well-formed. */
export function isUserId(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() === '' || UNPRINTABLE.test(value)) return false;
  const codePoints = [...value].length;
  return codePoints >= 1 && codePoints <= 255;
}

function decodeJson(part: string): Record<string, unknown> {
  if (!base64url.test(part)) throw new InvalidTokenError('token is not base64url');
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidTokenError('token part is not a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    throw new InvalidTokenError('token part is not JSON');
  }
}

/** Verifies an HS256 JWT: the algorithm is pinned, `exp` is required, `sub` and `roles` must be well-formed. */
export function verifyToken(token: string, secret: string, now: Date = new Date()): Principal {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('token is not a JWT');
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = decodeJson(headerPart);
  if (header.alg !== 'HS256') throw new InvalidTokenError('token algorithm must be HS256');
  if (!base64url.test(signaturePart)) throw new InvalidTokenError('token signature is not base64url');
  // Compared as text, not as decoded bytes: base64url's unused trailing bits would let several spellings pass.
  const expected = Buffer.from(hmac(`${headerPart}.${payloadPart}`, secret).toString('base64url'));
  const actual = Buffer.from(signaturePart);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new InvalidTokenError('token signature is invalid');
  // RFC 7515 §4.1.11: a recipient must refuse critical extensions it does not understand, and it understands none.
  if ('crit' in header) throw new InvalidTokenError('token names critical header extensions');
  const payload = decodeJson(payloadPart);
  if (!isNumericDate(payload.exp)) throw new InvalidTokenError('token has no exp');
  if (payload.exp * 1000 <= now.getTime()) throw new InvalidTokenError('token has expired');
  if (payload.nbf !== undefined && !isNumericDate(payload.nbf)) throw new InvalidTokenError('token nbf is not a NumericDate');
  if (payload.nbf !== undefined && payload.nbf * 1000 > now.getTime()) throw new InvalidTokenError('token is not valid yet');
  if (!isUserId(payload.sub)) throw new InvalidTokenError('token sub must be 1–255 characters, not only white space, without control characters');
  const roles = payload.roles;
  if (!Array.isArray(roles) || !roles.every((role): role is Role => (ROLES as readonly unknown[]).includes(role))) {
    throw new InvalidTokenError('token roles must be an array of known roles');
  }
  return { userId: payload.sub, roles: [...new Set(roles)] };
}
