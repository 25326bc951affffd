import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { formatSse, liveMessageOf } from './live-message.js';

const recorded = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  id: 'e1',
  streamId: 'article-7b0c4a52-1d5e-4a8f-9c71-3f0e2b6d9a10',
  type: 'VerdictRecorded',
  data: { rationale: 'نص لا يغادر الخدمة', body: 'article text' },
  metadata: { userId: 'omar', at: '2026-11-29T10:00:00Z' },
  revision: 6n,
  position: { commit: 42n, prepare: 41n },
  recordedAt: new Date('2026-11-29T10:00:01.000Z'),
  ...overrides,
});

describe('liveMessageOf', () => {
  it('names the article, the version after the event, who and when, and never the event data', () => {
    expect(liveMessageOf(recorded())).toEqual({
      id: '42/41',
      event: 'VerdictRecorded',
      data: {
        stream: 'article-7b0c4a52-1d5e-4a8f-9c71-3f0e2b6d9a10',
        articleId: '7b0c4a52-1d5e-4a8f-9c71-3f0e2b6d9a10',
        version: 7,
        type: 'VerdictRecorded',
        at: '2026-11-29T10:00:00.000Z',
        by: 'omar',
      },
    });
  });

  it("names a fact-check's events by factCheckId, without articleId", () => {
    const message = liveMessageOf(recorded({ streamId: 'fact-check-0d9b1c3e-5f7a-4b2c-8e6d-1a3c5e7f9b2d', type: 'FactCheckVerdictRecorded', revision: 0n }));
    expect(message?.data).toEqual({
      stream: 'fact-check-0d9b1c3e-5f7a-4b2c-8e6d-1a3c5e7f9b2d',
      factCheckId: '0d9b1c3e-5f7a-4b2c-8e6d-1a3c5e7f9b2d',
      version: 1,
      type: 'FactCheckVerdictRecorded',
      at: '2026-11-29T10:00:00.000Z',
      by: 'omar',
    });
  });

  it('falls back to the recording time and no author when the metadata lacks them; skips other streams', () => {
    expect(liveMessageOf(recorded({ metadata: {} }))?.data).toMatchObject({ at: '2026-11-29T10:00:01.000Z', by: null });
    expect(liveMessageOf(recorded({ metadata: { at: 'not a time', userId: 3 as unknown as string } }))?.data).toMatchObject({ at: '2026-11-29T10:00:01.000Z', by: null });
    expect(liveMessageOf(recorded({ streamId: '$projections-checkpoint' }))).toBeNull();
  });
});

describe('formatSse', () => {
  it('writes id, event and one data line, then a blank line; a type cannot break the framing', () => {
    const message = liveMessageOf(recorded({ type: 'Odd\nType' }))!;
    const text = formatSse(message);
    expect(text.endsWith('\n\n')).toBe(true);
    expect(text.slice(0, -2).split('\n')).toEqual(['id: 42/41', 'event: Odd Type', `data: ${JSON.stringify(message.data)}`]);
  });
});
