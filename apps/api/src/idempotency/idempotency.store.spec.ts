import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ABANDONED_AFTER_MS, IdempotencyStore, IDEMPOTENCY_TTL_MS, type IdempotentRequest } from './idempotency.store.js';

const request: IdempotentRequest = { userId: 'u', key: 'k', method: 'POST', path: '/articles', fingerprint: 'f' };
const response = { status: 201, body: { id: 'a', version: 1 }, headers: { ETag: '"1"', Location: '/articles/a' } };

describe('IdempotencyStore', () => {
  it('claims, replays, refuses a different request and a second claim while running', () => {
    const store = new IdempotencyStore(mkdtempSync(join(tmpdir(), 'newsroom-idem-')));
    expect(store.claim(request)).toEqual({ outcome: 'execute', recover: false });
    expect(store.claim(request)).toEqual({ outcome: 'in_progress' });
    store.complete(request, response);
    expect(store.claim(request)).toEqual({ outcome: 'replay', response });
    expect(store.claim({ ...request, fingerprint: 'other' })).toEqual({ outcome: 'mismatch' });
    expect(store.claim({ ...request, path: '/articles/x/claims' })).toEqual({ outcome: 'mismatch' });
    expect(store.claim({ ...request, userId: 'someone else' })).toEqual({ outcome: 'execute', recover: false });
    store.close();
  });

  it('a key in doubt is taken over by its next claim, told to recover', () => {
    const store = new IdempotencyStore(mkdtempSync(join(tmpdir(), 'newsroom-idem-')));
    store.claim(request);
    store.doubt(request);
    expect(store.claim({ ...request, fingerprint: 'other' })).toEqual({ outcome: 'mismatch' });
    expect(store.claim(request)).toEqual({ outcome: 'execute', recover: true });
    expect(store.claim(request)).toEqual({ outcome: 'in_progress' });
    store.complete(request, response);
    expect(store.claim(request)).toEqual({ outcome: 'replay', response });
    store.close();
  });

  it('a released key runs again', () => {
    const store = new IdempotencyStore(mkdtempSync(join(tmpdir(), 'newsroom-idem-')));
    store.claim(request);
    store.release(request);
    expect(store.claim(request)).toEqual({ outcome: 'execute', recover: false });
    store.close();
  });

  it('keeps completed keys across reopening, takes over, to recover, keys a crash left running, forgets keys after 24 hours', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-idem-'));
    let now = Date.parse('2026-01-01T00:00:00Z');
    const first = new IdempotencyStore(dir, () => now);
    first.claim(request);
    first.complete(request, response);
    first.claim({ ...request, key: 'crashed' });
    first.close();

    const second = new IdempotencyStore(dir, () => now);
    expect(second.claim(request).outcome).toBe('replay');
    expect(second.claim({ ...request, key: 'crashed' })).toEqual({ outcome: 'execute', recover: true });
    expect(second.claim({ ...request, key: 'crashed' })).toEqual({ outcome: 'in_progress' });
    now += IDEMPOTENCY_TTL_MS - 1000;
    expect(second.claim(request).outcome).toBe('replay');
    now += 2000;
    expect(second.claim(request).outcome).toBe('execute');
    second.close();
  });

  it('a key another process sharing the DATA_DIR left running is taken over, to recover, once it has been pending longer than any request runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-idem-'));
    let now = Date.parse('2026-01-01T00:00:00Z');
    const crashed = new IdempotencyStore(dir, () => now);
    const alive = new IdempotencyStore(dir, () => now);
    crashed.claim(request);
    // The claiming process dies without closing; the other one never reopens the file.
    expect(alive.claim(request)).toEqual({ outcome: 'in_progress' });
    now += ABANDONED_AFTER_MS - 1;
    expect(alive.claim(request)).toEqual({ outcome: 'in_progress' });
    now += 2;
    expect(alive.claim(request)).toEqual({ outcome: 'execute', recover: true });
    // Taken over: running again, and counted afresh from now.
    expect(alive.claim(request)).toEqual({ outcome: 'in_progress' });
    alive.complete(request, response);
    expect(alive.claim(request)).toEqual({ outcome: 'replay', response });
    crashed.close();
    alive.close();
  });
});
