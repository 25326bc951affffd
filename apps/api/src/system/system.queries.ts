import type { EventStore } from '#event-store';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import type { HealthDto } from './system.dto.js';

const STORE_PROBE_TIMEOUT_MS = 2000;

/** ok; degraded while the read models catch up; error when the store is unreachable or a projection failed. */
export async function healthOf(store: EventStore, readModels: ReadModels): Promise<HealthDto> {
  const eventStore = (await probeStore(store)) ? 'ok' : 'unreachable';
  const projections = await readModels.health();
  const status = eventStore !== 'ok' || projections.error ? 'error' : projections.lag > 0 && projections.catchingUp ? 'degraded' : 'ok';
  return { status, eventStore, projections: { position: projections.position, lag: projections.lag } };
}

async function probeStore(store: EventStore): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), STORE_PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([store.headPosition().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
