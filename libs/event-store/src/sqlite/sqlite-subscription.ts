import { AsyncLocalStorage } from 'node:async_hooks';
import type { Position, ReadAllOptions, ReadAllPage, SubscribeToAllOptions, Subscription } from '../event-store.port.js';

interface PageSource {
  readAllNow(options: ReadAllOptions): ReadAllPage;
}

const PAGE_SIZE = 500;

/** The subscription whose handler is running, so that a handler calling stop() is not left waiting for itself. */
const deliveringFor = new AsyncLocalStorage<SqliteSubscription>();

/**
 * Catch-up subscription: reads pages after its cursor until the end of the log, then sleeps until
 * woken by a local commit or by the poll timer (which is how appends from another process show up).
 */
export class SqliteSubscription implements Subscription {
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: PageSource,
    private readonly options: SubscribeToAllOptions,
    private readonly pollIntervalMs: number,
    private readonly onStopped: () => void,
  ) {}

  start(): void {
    this.running = this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    if (deliveringFor.getStore() !== this) await this.running;
  }

  private async run(): Promise<void> {
    let cursor: Position | undefined = this.options.after;
    let caughtUp = false;
    try {
      while (!this.stopped) {
        this.woken = false;
        const page = this.source.readAllNow({ after: cursor, maxCount: PAGE_SIZE });
        for (const event of page.events) {
          if (this.stopped) return;
          await deliveringFor.run(this, () => this.options.onEvent(event));
          cursor = event.position;
        }
        if (this.stopped) return;
        if (page.isEnd) {
          if (!caughtUp) {
            caughtUp = true;
            this.options.onCaughtUp?.();
          }
          await this.sleep();
        }
      }
    } catch (error) {
      this.stopped = true;
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.onStopped();
    }
  }

  private sleep(): Promise<void> {
    if (this.woken || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      timer.unref();
      this.wakeUp = done;
    });
  }
}
