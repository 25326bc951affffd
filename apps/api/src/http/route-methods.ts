const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

interface Route {
  pattern: RegExp;
  methods: string[];
}

/**
 * The methods each documented path answers, so that a known path asked with another method is a
 * 405 naming the allowed ones rather than a 404 that suggests the resource does not exist.
 */
export class RouteMethods {
  private routes: Route[] = [];

  /** Learns the routes from the OpenAPI document's `paths`, the one list of what the service serves. */
  learn(paths: Record<string, object>, extraGetPaths: string[] = []): void {
    const entries: [string, string[]][] = Object.entries(paths).map(([path, item]) => [
      path,
      HTTP_METHODS.filter((method) => method in item).map((method) => method.toUpperCase()),
    ]);
    for (const path of extraGetPaths) entries.push([path, ['GET']]);
    this.routes = entries.map(([path, methods]) => ({
      // Express matches routes regardless of case: so must the question of which methods a path serves.
      pattern: new RegExp(`^${path.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')}/?$`, 'i'),
      methods: methods.includes('GET') && !methods.includes('HEAD') ? [...methods, 'HEAD'] : methods,
    }));
  }

  /** The methods served at this path, empty when no route has it. */
  allowedAt(path: string): string[] {
    return [...new Set(this.routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods))];
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
