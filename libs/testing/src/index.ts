export * from './event-store-contract.js';
export * from './sqlite-append-child-path.js';
export * from './esdb-double/index.js';
export * from './identity-provider.js';
