export * from './article/article.events.js';
export * from './article/article.commands.js';
export * from './article/article.errors.js';
export * from './article/article.state.js';
export * from './article/article.evolve.js';
export * from './article/article.decide.js';
export * from './article/article.input.js';
export * from './article/anchoring.js';
