import { articleStreamId, type ArticleEvent } from '#editorial';
import type { EventToAppend, RecordedEvent } from '#event-store';

/** Turns events into what the store would hand a subscriber: per-stream revisions, global positions from 1. */
export class RecordedLog {
  readonly events: RecordedEvent[] = [];
  private readonly revisions = new Map<string, bigint>();

  record(streamId: string, events: readonly (ArticleEvent | EventToAppend)[]): RecordedEvent[] {
    return events.map((event) => {
      const revision = (this.revisions.get(streamId) ?? -1n) + 1n;
      this.revisions.set(streamId, revision);
      const commit = BigInt(this.events.length + 1);
      const recorded: RecordedEvent = {
        id: 'id' in event ? event.id : `event-${commit}`,
        streamId,
        type: event.type,
        data: event.data,
        metadata: { ...event.metadata },
        revision,
        position: { commit, prepare: commit },
        recordedAt: new Date(Date.UTC(2026, 2, 8, 12) + Number(commit)),
      };
      this.events.push(recorded);
      return recorded;
    });
  }

  article(articleId: string, events: readonly ArticleEvent[]): RecordedEvent[] {
    return this.record(articleStreamId(articleId), events);
  }
}
