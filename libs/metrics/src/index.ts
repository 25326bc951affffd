export * from './metrics.js';
export * from './metrics-server.js';
export * from './prometheus-text.js';
export * from './http-metrics.js';
