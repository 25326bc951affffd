import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetrics, httpMetricsMiddleware, parsePrometheusText, startMetricsServer, type MetricsServer } from './index.js';

const sampleValue = (text: string, name: string, labels: Record<string, string> = {}) => {
  const families = parsePrometheusText(text);
  for (const family of families.values()) {
    const sample = family.samples.find((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value));
    if (sample) return sample.value;
  }
  return undefined;
};

describe('metrics (METRICS_PORT)', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a scrape parses as Prometheus text and shows request, command, append, projection and event-stream series', async () => {
    const metrics = createMetrics();
    metrics.recordRequest({ method: 'post', route: '/articles/:id/claims', status: 201, durationSeconds: 0.012 });
    metrics.recordRequest({ method: 'POST', route: '/articles/:id/claims', status: 201, durationSeconds: 0.3 });
    metrics.recordRequest({ method: 'GET', route: '/articles/:id', status: 404, durationSeconds: 0.002 });
    metrics.recordCommand('PublishArticle', 'ok');
    metrics.recordCommand('PublishArticle', 'not_ready');
    metrics.recordCommand('PublishArticle', 'not_ready');
    metrics.startAppend('sqlite')();
    metrics.startAppend('sqlite')('conflict');
    metrics.recordProjection('articles', 40, 42);
    metrics.recordProjection('claims', 42n, 42n);
    metrics.eventStreamOpened();
    metrics.eventStreamOpened();
    metrics.eventStreamClosed();

    server = await startMetricsServer(metrics, { port: 0, host: '127.0.0.1' });
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();

    const families = parsePrometheusText(text);
    expect(families.get('newsroom_http_requests_total')?.type).toBe('counter');
    expect(families.get('newsroom_http_request_duration_seconds')?.type).toBe('histogram');
    expect(sampleValue(text, 'newsroom_http_requests_total', { method: 'POST', route: '/articles/:id/claims', status: '201' })).toBe(2);
    expect(sampleValue(text, 'newsroom_http_requests_total', { method: 'GET', route: '/articles/:id', status: '404' })).toBe(1);
    expect(sampleValue(text, 'newsroom_http_request_duration_seconds_bucket', { route: '/articles/:id/claims', le: '0.025' })).toBe(1);
    expect(sampleValue(text, 'newsroom_http_request_duration_seconds_bucket', { route: '/articles/:id/claims', le: '+Inf' })).toBe(2);
    expect(sampleValue(text, 'newsroom_http_request_duration_seconds_sum', { route: '/articles/:id/claims' })).toBeCloseTo(0.312);
    expect(sampleValue(text, 'newsroom_commands_total', { command: 'PublishArticle', outcome: 'not_ready' })).toBe(2);
    expect(sampleValue(text, 'newsroom_commands_total', { command: 'PublishArticle', outcome: 'ok' })).toBe(1);
    expect(sampleValue(text, 'newsroom_event_store_append_duration_seconds_count', { store: 'sqlite', result: 'ok' })).toBe(1);
    expect(sampleValue(text, 'newsroom_event_store_append_duration_seconds_count', { store: 'sqlite', result: 'conflict' })).toBe(1);
    expect(sampleValue(text, 'newsroom_projection_position', { projection: 'articles' })).toBe(40);
    expect(sampleValue(text, 'newsroom_projection_lag_events', { projection: 'articles' })).toBe(2);
    expect(sampleValue(text, 'newsroom_projection_lag_events', { projection: 'claims' })).toBe(0);
    expect(sampleValue(text, 'newsroom_open_event_streams')).toBe(1);
    expect(families.has('newsroom_process_resident_memory_bytes')).toBe(true);
  });

  it('serves only GET and HEAD /metrics', async () => {
    server = await startMetricsServer(createMetrics({ defaultMetrics: false }), { port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/`)).status).toBe(404);
    const post = await fetch(`${base}/metrics`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const head = await fetch(`${base}/metrics?x=1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('each registry is its own: two instances (two apps in one test process) do not collide', async () => {
    const [a, b] = [createMetrics(), createMetrics()];
    a.recordCommand('Retract', 'ok');
    expect(sampleValue(await a.scrape(), 'newsroom_commands_total', { command: 'Retract' })).toBe(1);
    expect(sampleValue(await b.scrape(), 'newsroom_commands_total', { command: 'Retract' })).toBeUndefined();
  });

  it('the parser refuses what is not Prometheus text', () => {
    expect(() => parsePrometheusText('{"metrics": []}')).toThrow(/not a sample/);
    expect(() => parsePrometheusText('orphan_total 1\n')).toThrow(/no # TYPE/);
    expect(() => parsePrometheusText('# TYPE x counter\nx{a="1",a="2"} 1\n')).toThrow(/label a twice/);
    expect(() => parsePrometheusText('# TYPE x counter\nx{a=1} 1\n')).toThrow(/malformed labels/);
    expect(() => parsePrometheusText('# TYPE x counter\nx one\n')).toThrow(/not a sample value/);
    expect(parsePrometheusText('# HELP x a "quoted" help\n# TYPE x gauge\nx{path="a\\"b\\\\c"} -1.5e3\n').get('x')).toEqual({
      name: 'x',
      type: 'gauge',
      help: 'a "quoted" help',
      samples: [{ name: 'x', labels: { path: 'a"b\\c' }, value: -1500 }],
    });
  });

  it('the HTTP middleware records each request once under its route template, unmatched paths under one series', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const middleware = httpMetricsMiddleware(metrics);
    const app = createServer((req, res) => {
      middleware(req, res, () => {
        const match = /^\/articles\/[^/]+$/.exec(req.url ?? '');
        // What Express leaves on the request once it has matched a route.
        if (match) (req as IncomingMessage & { route: { path: string } }).route = { path: '/articles/:id' };
        res.statusCode = match ? 200 : 404;
        res.end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    try {
      for (const path of ['/articles/a', '/articles/b', '/nope/1', '/nope/2']) await (await fetch(`${base}${path}`)).arrayBuffer();
    } finally {
      await new Promise((resolve) => app.close(resolve));
    }
    const text = await metrics.scrape();
    expect(sampleValue(text, 'newsroom_http_requests_total', { method: 'GET', route: '/articles/:id', status: '200' })).toBe(2);
    expect(sampleValue(text, 'newsroom_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(2);
    expect(sampleValue(text, 'newsroom_http_request_duration_seconds_count', { route: '/articles/:id' })).toBe(2);
  });
});
