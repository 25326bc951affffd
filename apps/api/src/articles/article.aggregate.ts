import {
  articleStreamId,
  assertArticleTargetsExist,
  decide,
  evolve,
  type ArticleCommand,
  type ArticleEvent,
  type ArticleState,
} from '#editorial';
import type { RecordedEvent } from '#event-store';
import type { Aggregate } from '../commands/aggregate.js';

/**
 * What the state holds after the event: a revision replaces the text, where every other event adds
 * what it carries. Counting the events instead would measure history, and a much-revised article
 * (300 revisions of 100,000 characters) would never be kept though its state is one body.
 */
function sizeAfter(size: number, state: ArticleState | null, event: RecordedEvent): number {
  if (event.type === 'DraftRevised' && state) {
    const { title, body } = event.data as { title: string; body: string };
    return size - state.title.length - state.body.length + title.length + body.length;
  }
  return size + JSON.stringify(event.data).length;
}

/** The Article aggregate of `#editorial`, as the command pipeline runs it. */
export const articleAggregate: Aggregate<ArticleCommand, ArticleEvent, ArticleState> = {
  name: 'article',
  streamId: articleStreamId,
  evolve,
  decide,
  assertExists: assertArticleTargetsExist,
  startsStream: (command) => command.type === 'DraftArticle',
  sizeAfter,
};
