import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';

/** A system stream: our adapter never shows `$` streams to subscribers, so read models never see these checks. */
export const WRITE_CHECK_STREAM = '$newsroom-write-check';

export interface WaitUntilWritableOptions {
  /** Give up after this long. Default 120,000 ms. */
  timeoutMs?: number;
  /** Pause between attempts. Default 1,000 ms. */
  intervalMs?: number;
  /** Told about each failed attempt. */
  onAttemptFailed?(error: Error, attempt: number): void;
}

/**
 * Resolves once the node (the cluster's leader) has durably written an event: a node that is
 * alive may still be electing a leader, replaying its log or refusing writes as not ready.
 * Each attempt writes one small event to WRITE_CHECK_STREAM, which keeps only the last one.
 * @returns the number of attempts it took
 */
export async function waitUntilWritable(connectionString: string, options: WaitUntilWritableOptions = {}): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const intervalMs = options.intervalMs ?? 1_000;
  const giveUpAt = Date.now() + timeoutMs;
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (attempt === 1) await client.setStreamMetadata(WRITE_CHECK_STREAM, { maxCount: 1 }, { requiresLeader: true, deadline: intervalMs * 5 });
        await client.appendToStream(WRITE_CHECK_STREAM, jsonEvent({ type: 'WriteChecked', data: { at: new Date().toISOString() } }), {
          requiresLeader: true,
          deadline: intervalMs * 5,
        });
        return attempt;
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        options.onAttemptFailed?.(failure, attempt);
        if (Date.now() + intervalMs > giveUpAt) throw new Error(`EventStoreDB accepted no write within ${timeoutMs} ms: ${failure.message}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    }
  } finally {
    await client.dispose();
  }
}
