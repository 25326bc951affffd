import { comparePositions, type Position } from '#event-store';
import type { Writable } from 'node:stream';
import { HEARTBEAT } from './live-message.js';

export interface LiveClientLimits {
  /**
   * Bytes a client may leave unread in our buffer (above the socket's own) before it is dropped.
   * Checked once the socket had its turn to send what this turn of the event loop wrote (Node
   * corks a response for the turn, so a burst always sits in the buffer first); a burst past
   * HARD_LIMIT_FACTOR times the bound drops the client at once.
   */
  maxBufferedBytes: number;
  /** Live events held while a resuming client replays the log, before it is dropped. */
  maxHeldEvents: number;
  /** Pause between comment lines on a quiet stream. */
  heartbeatMs: number;
}

export type CloseReason = 'client_left' | 'too_far_behind' | 'failed' | 'token_expired' | 'shutdown';

const HARD_LIMIT_FACTOR = 16;

interface HeldMessage {
  position: Position;
  chunk: string;
}

/**
 * One open event stream. Writing never waits for the reader: what the socket does not take
 * stays in the response's buffer, and a client whose buffer passes the bound is closed (it
 * resumes with Last-Event-ID), so a slow reader never holds back the runner or anyone else.
 */
export class LiveClient {
  private closed = false;
  private heartbeat: NodeJS.Timeout;
  private expiry: NodeJS.Timeout | null = null;
  /** While replaying the log for Last-Event-ID, live events wait here. */
  private held: HeldMessage[] | null = null;
  /** Nothing at or before this position is sent again (the end of the replay). */
  private after: Position | null = null;
  private readonly drainWaiters = new Set<() => void>();
  private lagCheckScheduled = false;

  constructor(
    private readonly out: Writable & { destroy(error?: Error): void },
    private readonly limits: LiveClientLimits,
    private readonly onClose: (client: LiveClient, reason: CloseReason) => void,
  ) {
    this.heartbeat = setInterval(() => this.write(HEARTBEAT), limits.heartbeatMs);
    this.heartbeat.unref();
    out.on('close', () => this.close('client_left'));
    out.on('drain', () => this.releaseDrainWaiters());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes written but not yet taken by the socket. */
  get bufferedBytes(): number {
    return this.out.writableLength;
  }

  /** Ends the stream cleanly at this instant (ms since the epoch): the token it was opened with expires then. */
  endAt(instant: number): void {
    // setTimeout holds at most 2^31-1 ms (~24.8 days); a token living longer is ended then, and its client reconnects.
    this.expiry = setTimeout(() => this.close('token_expired'), Math.min(Math.max(0, instant - Date.now()), 2 ** 31 - 1));
    this.expiry.unref();
  }

  /** Holds live events from now on, until `resume` is called with where the replay ended. */
  holdLive(): void {
    this.held = [];
  }

  /** A live event, in log order. */
  deliver(position: Position, chunk: string): void {
    if (this.closed) return;
    if (this.held) {
      if (this.held.length >= this.limits.maxHeldEvents) return this.close('too_far_behind');
      this.held.push({ position, chunk });
      return;
    }
    if (this.after && comparePositions(position, this.after) <= 0) return;
    this.write(chunk);
  }

  /** A message of the replay. */
  replay(chunk: string): void {
    this.write(chunk);
  }

  /** The replay ended at `position` (inclusive): sends the held live events after it, then goes live. */
  resume(position: Position | null): void {
    const held = this.held ?? [];
    this.held = null;
    this.after = position;
    for (const message of held) this.deliver(message.position, message.chunk);
  }

  /** Resolves once the socket took what is buffered (or the client closed): the replay's pace. */
  drained(): Promise<void> {
    if (this.closed || this.out.writableLength === 0 || !this.out.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.add(resolve));
  }

  write(chunk: string): void {
    if (this.closed) return;
    const buffered = this.out.writableLength + Buffer.byteLength(chunk);
    if (buffered > this.limits.maxBufferedBytes * HARD_LIMIT_FACTOR) return this.close('too_far_behind');
    this.out.write(chunk);
    if (buffered > this.limits.maxBufferedBytes && !this.lagCheckScheduled) {
      this.lagCheckScheduled = true;
      // After this turn's writes reached the socket: what the peer still has not taken is its lag.
      setImmediate(() => {
        this.lagCheckScheduled = false;
        if (!this.closed && this.out.writableLength > this.limits.maxBufferedBytes) this.close('too_far_behind');
      });
    }
  }

  /** Ends the stream: cleanly on shutdown, at once otherwise (a client too far behind loses its buffer and resumes). */
  close(reason: CloseReason): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    if (this.expiry) clearTimeout(this.expiry);
    this.held = null;
    this.releaseDrainWaiters();
    if (reason === 'shutdown' || reason === 'token_expired') this.out.end();
    else if (reason !== 'client_left') this.out.destroy();
    this.onClose(this, reason);
  }

  private releaseDrainWaiters(): void {
    for (const resolve of this.drainWaiters) resolve();
    this.drainWaiters.clear();
  }
}
