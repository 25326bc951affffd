import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EsdbWireDouble, type AppendFault } from '#testing';
import { startApp, users, type TestApp } from './support/app.js';
import { Newsroom, sampleArticle } from './support/newsroom.js';

const ARTICLES = 3;
const CLAIMS_PER_ARTICLE = 5;
const MAX_TRIES = 20;
const QUOTE = 'القواعد عراقية';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * Faults the node may show, applied to the appends in this order. Some runs outlast the
 * adapter's recovery rounds (three sends per append here), so the HTTP answer itself is a 503.
 */
const FAULTS: AppendFault[] = [
  'unavailable_before_commit',
  'unavailable_after_commit',
  'deadline_before_commit',
  'timeout_after_commit',
  'late_commit',
  'lost_reply',
  'not_ready',
  ...(['unavailable_before_commit', 'unavailable_before_commit', 'unavailable_before_commit'] as const),
  'timeout_after_commit',
  ...(['deadline_before_commit', 'deadline_before_commit', 'deadline_before_commit'] as const),
  'late_commit',
  ...(['not_ready', 'not_ready', 'not_ready'] as const),
  'unavailable_after_commit',
];

describe('writes through HTTP while EventStoreDB times out, goes unavailable and drops subscriptions (wire double)', () => {
  let double: EsdbWireDouble;
  let t: TestApp;
  let api: Newsroom;

  beforeAll(async () => {
    double = await EsdbWireDouble.start();
    t = await startApp({
      config: {
        eventStore: {
          kind: 'eventstoredb',
          connectionString: double.connectionString,
          tuning: { appendDeadlineMs: 300, appendReplyGraceMs: 200, appendRecovery: { attempts: 2, initialDelayMs: 20 }, resubscribe: { initialDelayMs: 20, maxDelayMs: 200 } },
        },
        readYourWritesTimeoutMs: 3_000,
      },
    });
    api = new Newsroom(t.http);
  });
  afterAll(async () => {
    await t?.close();
    await double?.stop();
  });

  it('every command lands exactly once, and no answer is a 500: only 2xx, or a 503 with Retry-After that its keyed retry settles', async () => {
    const answers: Answer[] = [];
    /** Sends a command with its Idempotency-Key until it is answered for good, as a careful client does. */
    const send = async (attempt: () => Promise<{ status: number; body: unknown; headers: Record<string, string> }>): Promise<Answer> => {
      for (let tries = 1; ; tries++) {
        const res = await attempt();
        const answer = { status: res.status, body: res.body as Record<string, unknown>, headers: res.headers };
        answers.push(answer);
        if (res.status !== 503 || tries >= MAX_TRIES) return answer;
        // Subscriptions drop too, now and then, while writes are retried.
        if (tries % 2 === 1) double.dropSubscriptions();
      }
    };

    double.injectAppendFaults(...FAULTS);
    const drafted: string[] = [];
    for (let article = 0; article < ARTICLES; article++) {
      const key = `faults-draft-${article}`;
      const res = await send(() => api.draft(sampleArticle({ body: `${QUOTE}. `.repeat(CLAIMS_PER_ARTICLE) }), users.editor(), { 'Idempotency-Key': key }));
      expect(res.status).toBe(201);
      drafted.push(res.body.id as string);
      for (let occurrence = 1; occurrence <= CLAIMS_PER_ARTICLE; occurrence++) {
        const claimKey = `faults-claim-${article}-${occurrence}`;
        const claimed = await send(() => api.claim(drafted[article], { quote: QUOTE, occurrence }, users.factChecker(), { 'Idempotency-Key': claimKey }));
        expect(claimed.status).toBe(201);
      }
      if (article === 0) double.dropSubscriptions();
    }

    expect(double.pendingFaults).toBe(0);
    const statuses = new Set(answers.map((answer) => answer.status));
    expect([...statuses].every((status) => status === 201 || status === 503)).toBe(true);
    const unavailable = answers.filter((answer) => answer.status === 503);
    // The long runs of faults above outlast the adapter's rounds: the writer had to say so.
    expect(unavailable.map((answer) => answer.body.code)).toContain('write_outcome_unknown');
    for (const answer of unavailable) {
      expect(answer.headers['retry-after']).toBe('1');
      expect(['write_outcome_unknown', 'read_models_behind', 'event_store_unavailable']).toContain(answer.body.code);
    }

    for (const id of drafted) {
      // The log itself: one DraftArticle and one claim per occurrence, none twice, none missing.
      const history = await api.get(`/articles/${id}/history`);
      expect(history.status).toBe(200);
      const types = (history.body as { type: string }[]).map((entry) => entry.type);
      expect(types).toEqual(['ArticleDrafted', ...Array.from({ length: CLAIMS_PER_ARTICLE }, () => 'ClaimIdentified')]);
      const stored = double.log.eventsOf(`article-${id}`);
      expect(new Set(stored.map((event) => event.id)).size).toBe(stored.length);
      expect(stored).toHaveLength(1 + CLAIMS_PER_ARTICLE);
      const article = await api.get(`/articles/${id}`);
      expect(article.status).toBe(200);
      expect(article.body.version).toBe(1 + CLAIMS_PER_ARTICLE);
      expect(new Set((article.body.claims as { id: string }[]).map((claim) => claim.id)).size).toBe(CLAIMS_PER_ARTICLE);
    }
    const health = await api.get('/health', '');
    expect(health.status).toBe(200);
  }, 180_000);

  it('a write that landed though the node never confirmed it: 503 write_outcome_unknown, and the retry with the key answers it, replayed, without writing again', async () => {
    // An adapter that does not try to learn the outcome itself: the writer's own recovery is all there is.
    const blunt = await startApp({
      config: {
        eventStore: { kind: 'eventstoredb', connectionString: double.connectionString, tuning: { appendDeadlineMs: 300, appendReplyGraceMs: 200, appendRecovery: { attempts: 0 } } },
      },
    });
    try {
      const client = new Newsroom(blunt.http);
      const id = await client.draftId(sampleArticle({ body: `${QUOTE}. `.repeat(3) }));
      const landedUnconfirmed: AppendFault[] = ['timeout_after_commit', 'lost_reply', 'unavailable_after_commit'];
      for (const [index, fault] of landedUnconfirmed.entries()) {
        double.injectAppendFaults(fault);
        const key = `landed-${fault}`;
        const claim = { quote: QUOTE, occurrence: index + 1 };
        const first = await client.claim(id, claim, users.factChecker(), { 'Idempotency-Key': key });
        expect({ fault, status: first.status, code: first.body.code, retryAfter: first.headers['retry-after'] }).toEqual({ fault, status: 503, code: 'write_outcome_unknown', retryAfter: '1' });
        const before = double.log.eventsOf(`article-${id}`).length;
        const retry = await client.claim(id, claim, users.factChecker(), { 'Idempotency-Key': key });
        expect(retry.status).toBe(201);
        expect(retry.headers['idempotent-replayed']).toBe('true');
        expect(double.log.eventsOf(`article-${id}`)).toHaveLength(before);
      }
      const article = await client.get(`/articles/${id}`);
      expect(article.body.version).toBe(4);
      expect(article.body.claims).toHaveLength(3);
    } finally {
      await blunt.close();
    }
  }, 120_000);
});
