import { createLocalJWKSet, type JSONWebKeySet, type JWSHeaderParameters, type FlattenedJWSInput, type CryptoKey } from 'jose';

/** The provider could not be asked for its keys (down, slow, or answering nonsense): not the token's fault. */
export class KeySetUnavailableError extends Error {
  override readonly name = 'KeySetUnavailableError';
}

/** No key of the set fits the token (unknown `kid`, or no key for its algorithm). */
export class NoMatchingKeyError extends Error {
  override readonly name = 'NoMatchingKeyError';
}

export interface RemoteKeySetOptions {
  /** Milliseconds since the epoch; injected so tests can move time without sleeping. */
  now?: () => number;
  /** Fewest milliseconds between two fetches, whatever asks for them (default 30 s). */
  refetchFloorMs?: number;
  /** Keys older than this are fetched again on next use (default 10 min); a failed refresh keeps the old keys. */
  cacheMaxAgeMs?: number;
  fetchTimeoutMs?: number;
}

type KeyLookup = (header: JWSHeaderParameters, input: FlattenedJWSInput) => Promise<CryptoKey>;

const MAX_BODY_CHARS = 1 << 20;

/**
 * A JSON Web Key Set fetched from an identity provider and cached. An unknown `kid` triggers a
 * refetch, but no two fetches start less than `refetchFloorMs` apart, so a flood of tokens naming
 * made-up keys costs the provider at most one request per window; concurrent callers share one fetch.
 */
export class RemoteKeySet {
  private readonly now: () => number;
  private readonly refetchFloorMs: number;
  private readonly cacheMaxAgeMs: number;
  private readonly fetchTimeoutMs: number;
  private keys: { lookup: KeyLookup; fetchedAt: number } | undefined;
  private lastFetchStartedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private fetches = 0;

  constructor(
    private readonly url: URL,
    options: RemoteKeySetOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.refetchFloorMs = options.refetchFloorMs ?? 30_000;
    this.cacheMaxAgeMs = options.cacheMaxAgeMs ?? 600_000;
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? 5_000;
  }

  /** How many fetches this key set has started (for tests and metrics). */
  get fetchCount(): number {
    return this.fetches;
  }

  /** The key for a token's protected header, in the shape jose's verify functions take. */
  readonly getKey: KeyLookup = async (header, input) => {
    const stale = !this.keys || this.now() - this.keys.fetchedAt >= this.cacheMaxAgeMs;
    if (stale) await this.refresh(!this.keys);
    try {
      return await this.current().lookup(header, input);
    } catch (error) {
      if (!isNoMatch(error)) throw error;
    }
    const fetched = await this.refresh(true);
    if (!fetched) throw new NoMatchingKeyError(`no key of the identity provider's key set matches kid ${JSON.stringify(header.kid ?? null)}`);
    try {
      return await this.current().lookup(header, input);
    } catch (error) {
      if (isNoMatch(error)) throw new NoMatchingKeyError(`no key of the identity provider's key set matches kid ${JSON.stringify(header.kid ?? null)}`);
      throw error;
    }
  };

  private current() {
    if (!this.keys) throw new KeySetUnavailableError(`the identity provider's key set (${this.url.origin}) could not be fetched yet`);
    return this.keys;
  }

  /**
   * Fetches the set unless the floor forbids it; answers whether fresh keys arrived. A failure is
   * thrown only when `mustSucceed` (no keys at all, or an unknown kid) and otherwise keeps the old keys.
   */
  private async refresh(mustSucceed: boolean): Promise<boolean> {
    if (!this.inFlight) {
      if (this.now() - this.lastFetchStartedAt < this.refetchFloorMs) return false;
      this.lastFetchStartedAt = this.now();
      this.fetches += 1;
      this.inFlight = this.fetchKeys().finally(() => {
        this.inFlight = undefined;
      });
    }
    try {
      await this.inFlight;
      return true;
    } catch (error) {
      if (mustSucceed) throw error;
      return false;
    }
  }

  private async fetchKeys(): Promise<void> {
    let body: string;
    try {
      const response = await fetch(this.url, { signal: AbortSignal.timeout(this.fetchTimeoutMs), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.text();
    } catch (error) {
      throw new KeySetUnavailableError(`the identity provider's key set (${this.url.origin}) could not be fetched: ${(error as Error).message}`);
    }
    if (body.length > MAX_BODY_CHARS) throw new KeySetUnavailableError('the identity provider sent a key set over 1 MiB');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new KeySetUnavailableError('the identity provider sent a key set that is not JSON');
    }
    if (!isKeySet(parsed)) throw new KeySetUnavailableError('the identity provider sent JSON that is not a key set ({ "keys": [...] })');
    this.keys = { lookup: createLocalJWKSet(parsed), fetchedAt: this.now() };
  }
}

const isNoMatch = (error: unknown) => error instanceof Error && (error as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY';

function isKeySet(value: unknown): value is JSONWebKeySet {
  if (typeof value !== 'object' || value === null) return false;
  const keys = (value as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key));
}
