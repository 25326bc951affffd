import type { Principal } from './jwt.js';
import type { TokenVerifier } from './verifier.js';

export interface VerifiedTokensOptions {
  /** Tokens remembered at most; the oldest is forgotten first. */
  maxEntries?: number;
  /** Longer tokens are verified every time (they would make the cache large). */
  maxTokenLength?: number;
  /**
   * A token is remembered until its `exp`, and no longer than this: a key withdrawn from an
   * identity provider's key set stops admitting its tokens within this time.
   */
  maxAgeMs?: number;
  /** Milliseconds since the epoch. */
  now?: () => number;
}

interface Entry {
  principal: Principal;
  until: number;
}

/** `exp` of a token that was just verified (so its payload is known to be JSON), in ms; undefined when absent. */
function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Principals of tokens already verified, keyed by the token's exact text: the same text has the
 * same signature, so verifying it again until it expires can only give the same answer. Only
 * successes are remembered; a token is verified again once its `exp` (or maxAgeMs) has passed,
 * so expiry is checked exactly as the verifier checks it.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxTokenLength: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(options: VerifiedTokensOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxTokenLength = options.maxTokenLength ?? 4096;
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The principal of a remembered, unexpired token. */
  get(token: string): Principal | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.principal;
  }

  /** Remembers what the verifier said of this token and returns it. */
  remember(token: string, principal: Principal): Principal {
    if (token.length > this.maxTokenLength) return principal;
    const expiry = expiryOf(token);
    if (expiry === undefined) return principal;
    const until = Math.min(expiry, this.now() + this.maxAgeMs);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const shared = Object.freeze({ userId: principal.userId, roles: Object.freeze([...principal.roles]) as Principal['roles'] });
    this.entries.set(token, { principal: shared, until });
    return shared;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Any verifier, remembering the tokens it accepted until they expire (see VerifiedTokens). */
export function rememberingVerifier(verifier: TokenVerifier, options: VerifiedTokensOptions = {}): TokenVerifier {
  const verified = new VerifiedTokens(options);
  return {
    verify: async (token) => verified.get(token) ?? verified.remember(token, await verifier.verify(token)),
  };
}
