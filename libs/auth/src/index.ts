export * from './jwt.js';
export * from './secret.js';
export { KeySetUnavailableError, RemoteKeySet, type RemoteKeySetOptions } from './key-set.js';
export * from './verifier.js';
export * from './verified-tokens.js';
