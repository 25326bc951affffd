export type * from './event-store.port.js';
export * from './errors.js';
export * from './position.js';
export * from './append-validation.js';
export * from './event-ids.js';
export * from './sqlite/sqlite-event-store.js';
