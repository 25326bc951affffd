export * from './article/article.events.js';
