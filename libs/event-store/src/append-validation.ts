import { InvalidAppendError } from './errors.js';
import type { EventToAppend } from './event-store.port.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export interface SerializedEvent {
  id: string;
  type: string;
  /** JSON text of the data (`null` for undefined data). */
  data: string;
  /** JSON text of the metadata object. */
  metadata: string;
}

function json(streamId: string, what: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidAppendError(streamId, `${what} cannot be serialised as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof text !== 'string') throw new InvalidAppendError(streamId, `${what} cannot be serialised as JSON`);
  return text;
}

/**
 * What every adapter checks before anything is sent or written, so that an append the store can
 * never take fails at once with InvalidAppendError instead of inside a driver. `$` names belong to
 * EventStoreDB, which hides them from subscriptions to $all.
 */
export function serializeAppend(streamId: string, events: readonly EventToAppend[]): SerializedEvent[] {
  if (streamId.length === 0 || streamId.startsWith('$')) throw new InvalidAppendError(streamId, 'stream names must not be empty nor start with "$"');
  if (events.length === 0) throw new RangeError('appendToStream needs at least one event');
  return events.map((event, index) => {
    if (typeof event.id !== 'string' || !UUID.test(event.id) || event.id === NIL_UUID) {
      throw new InvalidAppendError(streamId, `event ${index} has id ${JSON.stringify(event.id)}, which is not a non-nil UUID`);
    }
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.startsWith('$')) {
      throw new InvalidAppendError(streamId, `event ${index} has type ${JSON.stringify(event.type)}; types must not be empty nor start with "$"`);
    }
    return {
      id: event.id,
      type: event.type,
      data: json(streamId, `the data of event ${index} (${event.type})`, event.data ?? null),
      metadata: json(streamId, `the metadata of event ${index} (${event.type})`, event.metadata ?? {}),
    };
  });
}
