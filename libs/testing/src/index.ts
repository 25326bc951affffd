export * from './event-store-contract.js';
export * from './sqlite-append-child-path.js';
