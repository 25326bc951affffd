import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NewsroomMetrics } from './metrics.js';

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/** Requests that matched no route share one series, so a scan of random paths cannot grow the series count. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The route template Express matched (`/articles/:id`), read once the response is done. */
export function expressRouteOf(req: IncomingMessage): string {
  const { route, baseUrl } = req as RoutedRequest;
  return typeof route?.path === 'string' ? `${baseUrl ?? ''}${route.path}` : UNMATCHED_ROUTE;
}

/**
 * Connect/Express middleware recording every request's count and latency by method, route template
 * and status, when the response is sent or the client goes away (a closed event stream counts then).
 */
export function httpMetricsMiddleware(metrics: NewsroomMetrics, routeOf: (req: IncomingMessage) => string = expressRouteOf) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.recordRequest({ method: req.method ?? 'GET', route: routeOf(req), status: res.statusCode, durationSeconds });
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}
