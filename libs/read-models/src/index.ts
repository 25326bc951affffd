export * from './read-model.types.js';
export {
  openReadModelDatabase,
  readModelsPath,
  readModelTables,
  schemaFingerprint,
  staleReason,
  READ_MODELS_FILE,
  type ReadModelDatabase,
} from './database.js';
export { ProjectionError, counterAmounts, normalizeInstant, projectedEventOf, type AnyProjection, type Column, type Counter, type Projection, type ProjectedEvent, type SqlValue } from './projection.js';
export { PROJECTIONS } from './projections/index.js';
export { articleProjection, evolveArticle, readinessFactsOf, type ArticleProjectedEvent } from './projections/article.projection.js';
export { claimProjection, evolveClaim, claimIdsTouchedBy, LIST_VERDICTS } from './projections/claim.projection.js';
export { factCheckProjection, evolveFactCheckDocument, factCheckListItemOf } from './projections/fact-check.projection.js';
export * from './fact-check-queries.js';
export { dashboardOf } from './dashboard.js';
export { ReadModelWriter, ProjectionFailedError, type Checkpoint } from './read-model-writer.js';
export * from './projection-runner.js';
export * from './queries.js';
export * from './history.js';
export * from './rebuild.js';
export * from './workload.js';
export { readArticleAsOf, articleDetailOf } from './article-as-of.js';
