import type { AnyProjection } from '../projection.js';
import { articleProjection } from './article.projection.js';
import { claimProjection } from './claim.projection.js';
import { factCheckProjection } from './fact-check.projection.js';

/** Every read model. A new one is a file beside these and one line here. */
export const PROJECTIONS: readonly AnyProjection[] = [articleProjection, claimProjection, factCheckProjection];
