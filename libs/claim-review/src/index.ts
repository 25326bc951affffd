export * from './claim-review.js';
