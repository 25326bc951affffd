import {
  ArticleRuleError,
  decideFactCheck,
  evolveFactCheck,
  factCheckStreamId,
  type FactCheckCommand,
  type FactCheckEvent,
  type FactCheckState,
} from '#editorial';
import type { Aggregate } from '../commands/aggregate.js';

/** The FactCheck aggregate of `#editorial`, as the command pipeline runs it. */
export const factCheckAggregate: Aggregate<FactCheckCommand, FactCheckEvent, FactCheckState> = {
  name: 'fact-check',
  streamId: factCheckStreamId,
  evolve: evolveFactCheck,
  decide: decideFactCheck,
  assertExists: (command, state) => {
    if (command.type !== 'CreateFactCheck' && state === null) {
      throw new ArticleRuleError('fact_check_not_found', `fact-check ${command.data.factCheckId} does not exist`);
    }
  },
  startsStream: (command) => command.type === 'CreateFactCheck',
};
