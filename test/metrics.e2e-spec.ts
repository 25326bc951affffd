import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parsePrometheusText, type PrometheusFamily } from '#metrics';
import { MetricsEndpoint } from '../apps/api/src/infrastructure/metrics.js';
import { startApp, users, type TestApp } from './support/app.js';
import { listen, SseClient } from './support/live-events.js';
import { Newsroom } from './support/newsroom.js';

async function scrape(port: number): Promise<Map<string, PrometheusFamily>> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

const samples = (families: Map<string, PrometheusFamily>, family: string, name = family) =>
  (families.get(family)?.samples ?? []).filter((sample) => sample.name === name);

describe('GET /metrics on METRICS_PORT', () => {
  let t: TestApp;
  let api: Newsroom;
  let port: number;

  beforeAll(async () => {
    t = await startApp({ config: { metricsPort: 0 } });
    api = new Newsroom(t.http);
    port = t.app.get(MetricsEndpoint).port!;
  });
  afterAll(() => t.close());

  it('shows requests by route and status, commands by outcome, append latency, projection position and lag, open event streams', async () => {
    const id = await api.draftId();
    expect((await api.claim(id, { quote: 'أن القواعد عراقية' })).status).toBe(201);
    expect((await api.publish(id)).status).toBe(409);
    expect((await api.get(`/articles/${id}`)).status).toBe(200);
    const live = await SseClient.open(await listen(t), { Authorization: users.viewer() });

    const families = await scrape(port);
    live.close();

    expect(samples(families, 'newsroom_http_requests_total')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { method: 'POST', route: '/articles', status: '201' } }),
        expect.objectContaining({ labels: { method: 'GET', route: '/articles/:id', status: '200' } }),
      ]),
    );
    expect(samples(families, 'newsroom_http_request_duration_seconds', 'newsroom_http_request_duration_seconds_count').length).toBeGreaterThan(0);

    const commands = samples(families, 'newsroom_commands_total');
    expect(commands).toEqual(
      expect.arrayContaining([
        { name: 'newsroom_commands_total', labels: { command: 'Articles.create', outcome: 'ok' }, value: 1 },
        { name: 'newsroom_commands_total', labels: { command: 'Articles.identifyClaim', outcome: 'ok' }, value: 1 },
        { name: 'newsroom_commands_total', labels: { command: 'Articles.publish', outcome: 'not_ready' }, value: 1 },
      ]),
    );

    const appends = samples(families, 'newsroom_event_store_append_duration_seconds', 'newsroom_event_store_append_duration_seconds_count');
    expect(appends).toEqual([{ name: 'newsroom_event_store_append_duration_seconds_count', labels: { store: 'sqlite', result: 'ok' }, value: 2 }]);

    const positions = samples(families, 'newsroom_projection_position');
    expect(positions.length).toBeGreaterThan(0);
    for (const position of positions) expect(position.value).toBe(2);
    for (const lag of samples(families, 'newsroom_projection_lag_events')) expect(lag.value).toBe(0);

    expect(samples(families, 'newsroom_open_event_streams')).toEqual([{ name: 'newsroom_open_event_streams', labels: {}, value: 1 }]);
  });

  it('is off when METRICS_PORT is unset', async () => {
    const plain = await startApp();
    try {
      expect(plain.app.get(MetricsEndpoint).port).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
