import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import type { Position } from '#event-store';
import { LiveClient, type CloseReason } from './live-client.js';

const at = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });

/** A socket whose reader has stopped: it takes the first chunk and never asks for more. */
function stalledSocket() {
  const taken: string[] = [];
  const out = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _encoding, _callback) {
      taken.push(chunk.toString());
    },
  });
  return { out, taken };
}

function readingSocket() {
  const taken: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      taken.push(chunk.toString());
      callback();
    },
  });
  return { out, taken };
}

const limits = { maxBufferedBytes: 1000, maxHeldEvents: 3, heartbeatMs: 60_000 };

describe('LiveClient', () => {
  it('writes without waiting for a reader, and closes one that leaves more than its bound unread once the socket had its turn', async () => {
    const { out } = stalledSocket();
    const closed: CloseReason[] = [];
    const client = new LiveClient(out, limits, (_client, reason) => closed.push(reason));
    const chunk = 'x'.repeat(100);
    for (let n = 1; n <= 12; n++) client.deliver(at(n), chunk);
    expect(client.bufferedBytes).toBe(1200);
    expect(closed).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toEqual(['too_far_behind']);
    expect(out.destroyed).toBe(true);
    client.deliver(at(13), chunk);
    expect(closed).toHaveLength(1);
  });

  it('keeps a client whose socket takes a burst in the same turn', async () => {
    const { out, taken } = readingSocket();
    const closed: CloseReason[] = [];
    const client = new LiveClient(out, limits, (_client, reason) => closed.push(reason));
    for (let n = 1; n <= 50; n++) client.deliver(at(n), 'x'.repeat(100));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toEqual([]);
    expect(taken.join('')).toHaveLength(5000);
  });

  it('closes at once on a burst past sixteen times the bound', () => {
    const { out } = stalledSocket();
    const closed: CloseReason[] = [];
    const client = new LiveClient(out, limits, (_client, reason) => closed.push(reason));
    for (let n = 1; n <= 161; n++) client.deliver(at(n), 'x'.repeat(100));
    expect(closed).toEqual(['too_far_behind']);
  });

  it('holds live events during a replay and sends only those after where the replay ended', () => {
    const { out, taken } = readingSocket();
    const client = new LiveClient(out, limits, () => undefined);
    client.holdLive();
    client.deliver(at(5), 'live 5\n');
    client.replay('replayed 4\n');
    client.deliver(at(6), 'live 6\n');
    client.replay('replayed 5\n');
    expect(taken).toEqual(['replayed 4\n', 'replayed 5\n']);
    client.resume(at(5));
    client.deliver(at(7), 'live 7\n');
    expect(taken).toEqual(['replayed 4\n', 'replayed 5\n', 'live 6\n', 'live 7\n']);
  });

  it('closes a resuming client whose held live events pass the bound', () => {
    const { out } = readingSocket();
    const closed: CloseReason[] = [];
    const client = new LiveClient(out, limits, (_client, reason) => closed.push(reason));
    client.holdLive();
    for (let n = 1; n <= 4; n++) client.deliver(at(n), `live ${n}\n`);
    expect(closed).toEqual(['too_far_behind']);
  });

  it('ends the stream on shutdown and reports a client that left', () => {
    const shutdown = readingSocket();
    const reasons: CloseReason[] = [];
    new LiveClient(shutdown.out, limits, (_client, reason) => reasons.push(reason)).close('shutdown');
    expect(shutdown.out.writableEnded).toBe(true);

    const left = readingSocket();
    new LiveClient(left.out, limits, (_client, reason) => reasons.push(reason));
    left.out.destroy();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        expect(reasons).toEqual(['shutdown', 'client_left']);
        resolve();
      }),
    );
  });
});
