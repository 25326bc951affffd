import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { InvalidTokenError, isUserId, ROLES, verifyToken, type Principal, type Role } from './jwt.js';
import { KeySetUnavailableError, NoMatchingKeyError, RemoteKeySet, type RemoteKeySetOptions } from './key-set.js';

/** Algorithms accepted from an identity provider; an HMAC one would let a public key serve as a secret. */
export const JWKS_ALGORITHMS = ['RS256', 'ES256'] as const;

export type TokenVerifierConfig =
  | { kind: 'hs256'; secret: string }
  | {
      kind: 'jwks';
      jwksUrl: string;
      /** `iss` must equal this when set. */
      issuer?: string;
      /** `aud` must be or contain this when set. */
      audience?: string;
      /** Where the roles are: a dotted path into the claims (default `roles`, e.g. `realm_access.roles`). */
      rolesClaim?: string;
    };

export interface TokenVerifier {
  /** The caller the token speaks for; rejects with InvalidTokenError (401) or KeySetUnavailableError (provider unreachable). */
  verify(token: string): Promise<Principal>;
}

export interface TokenVerifierOptions extends RemoteKeySetOptions {
  /** Milliseconds since the epoch, for `exp`/`nbf` and the key set's refetch floor. */
  now?: () => number;
}

/** One verifier for both ways of signing in: the shared HS256 secret (default) or an identity provider's key set. */
export function createTokenVerifier(config: TokenVerifierConfig, options: TokenVerifierOptions = {}): TokenVerifier {
  const now = options.now ?? Date.now;
  if (config.kind === 'hs256') {
    const { secret } = config;
    return { verify: async (token) => verifyToken(token, secret, new Date(now())) };
  }
  return new JwksTokenVerifier(config, { ...options, now });
}

const CANONICAL_SIGNATURE = /^[A-Za-z0-9_-]+$/;

export class JwksTokenVerifier implements TokenVerifier {
  readonly keySet: RemoteKeySet;
  private readonly rolesPath: string;
  private readonly now: () => number;

  constructor(
    private readonly config: Extract<TokenVerifierConfig, { kind: 'jwks' }>,
    options: TokenVerifierOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.keySet = new RemoteKeySet(new URL(config.jwksUrl), { ...options, now: this.now });
    this.rolesPath = config.rolesClaim ?? 'roles';
  }

  async verify(token: string): Promise<Principal> {
    const payload = await this.verifiedClaims(token);
    if (!isUserId(payload.sub)) throw new InvalidTokenError('token sub must be 1–255 characters, not only white space, without control characters');
    return { userId: payload.sub, roles: this.rolesOf(payload) };
  }

  private async verifiedClaims(token: string): Promise<JWTPayload> {
    if (typeof token !== 'string') throw new InvalidTokenError('token is not a JWT');
    const parts = token.split('.');
    if (parts.length !== 3) throw new InvalidTokenError('token is not a JWT');
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new InvalidTokenError('token header is not base64url JSON');
    }
    if (!(JWKS_ALGORITHMS as readonly unknown[]).includes(header.alg)) throw new InvalidTokenError(`token algorithm must be ${JWKS_ALGORITHMS.join(' or ')}`);
    // RFC 7515 §4.1.11: refuse critical extensions; we understand none (jose would accept b64).
    if ('crit' in header) throw new InvalidTokenError('token names critical header extensions');
    // One spelling of the signature: base64url's unused trailing bits would otherwise let several pass.
    const signature = parts[2];
    if (!CANONICAL_SIGNATURE.test(signature) || Buffer.from(signature, 'base64url').toString('base64url') !== signature) {
      throw new InvalidTokenError('token signature is not canonical base64url');
    }
    try {
      const { payload } = await jwtVerify(token, this.keySet.getKey, {
        algorithms: [...JWKS_ALGORITHMS],
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ['exp', 'sub'],
        currentDate: new Date(this.now()),
      });
      return payload;
    } catch (error) {
      if (error instanceof KeySetUnavailableError) throw error;
      if (error instanceof NoMatchingKeyError || error instanceof errors.JOSEError) throw new InvalidTokenError(describe(error));
      throw error;
    }
  }

  /**
   * Known roles at the configured path. A provider also grants roles of its own (Keycloak's
   * offline_access…): those are ignored rather than refusing the token. An absent claim is no role (403).
   */
  private rolesOf(payload: JWTPayload): Role[] {
    const value = claimAt(payload, this.rolesPath);
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((role) => typeof role === 'string')) {
      throw new InvalidTokenError(`token claim ${this.rolesPath} must be an array of role names`);
    }
    return [...new Set(value.filter((role): role is Role => (ROLES as readonly string[]).includes(role)))];
  }
}

/** A claim by dotted path; a claim whose own name holds dots (Auth0's `https://example.com/roles`) is found by name first. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const step of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

function describe(error: Error): string {
  if (error instanceof errors.JWTExpired) return 'token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `token ${error.claim} claim is not acceptable: ${error.reason}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return `token algorithm must be ${JWKS_ALGORITHMS.join(' or ')}`;
  return error.message;
}
