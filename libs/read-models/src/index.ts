export * from './read-model.types.js';
export {
  openReadModelDatabase,
  readModelsPath,
  READ_MODELS_FILE,
  READ_MODEL_TABLES,
  type ReadModelDatabase,
} from './database.js';
export { evolveArticle } from './projections/article.projection.js';
export { evolveClaim, claimIdsTouchedBy } from './projections/claim.projection.js';
export { historyEntryOf } from './projections/history.projection.js';
export { articleCounterDelta, claimCounterDelta, dashboardOf, type CounterDelta } from './projections/dashboard.projection.js';
export { toArticleEvent, ProjectionError, type ArticleRecordedEvent } from './projections/event-facts.js';
export { ReadModelWriter, ProjectionFailedError, type Checkpoint } from './read-model-writer.js';
export * from './projection-runner.js';
export * from './queries.js';
export * from './rebuild.js';
export * from './workload.js';
