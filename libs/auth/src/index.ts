export * from './jwt.js';
export * from './secret.js';
