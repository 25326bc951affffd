export * from './esdb-log.js';
export * from './esdb-wire-double.js';
