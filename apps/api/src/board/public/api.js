// Talks to the service: JSON queries and the live event stream, both with the token in the Authorization header.

export class UnauthorizedError extends Error {}

export async function getJson(path, token, signal) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, signal });
  if (res.status === 401) throw new UnauthorizedError(await problemDetail(res));
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await problemDetail(res)}`);
  return res.json();
}

async function problemDetail(res) {
  try {
    const problem = await res.json();
    return problem.detail ?? res.statusText;
  } catch {
    return res.statusText;
  }
}

/** Every page of a list query, up to `maxPages` of 100. */
export async function getAll(path, token, signal, maxPages = 10) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const body = await getJson(`${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token, signal);
    items.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/**
 * Splits a Server-Sent Events stream into messages (WHATWG HTML §9.2.6): lines end in CRLF, LF
 * or CR; a blank line dispatches; lines starting with a colon are comments.
 */
export class SseParser {
  constructor(onMessage) {
    this.onMessage = onMessage;
    this.pending = '';
    this.data = [];
    this.event = '';
    this.id = null;
  }

  push(text) {
    this.pending += text;
    let match;
    while ((match = /\r\n|\r|\n/.exec(this.pending))) {
      // A CR at the very end may be the first half of a CRLF still on its way.
      if (match[0] === '\r' && match.index === this.pending.length - 1) break;
      const line = this.pending.slice(0, match.index);
      this.pending = this.pending.slice(match.index + match[0].length);
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      if (this.data.length > 0) this.onMessage({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
      this.data = [];
      this.event = '';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
  }
}

/**
 * Follows GET /events with fetch (EventSource cannot send the Authorization header), and
 * reconnects after a drop with Last-Event-ID, so no event is missed or repeated.
 */
export function followEvents({ token, onOpen, onEvent, onState, onUnauthorized }) {
  const controller = new AbortController();
  let lastEventId = null;
  let attempt = 0;

  const run = async () => {
    while (!controller.signal.aborted) {
      onState(attempt === 0 ? 'connecting' : 'reconnecting');
      try {
        const headers = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
        if (lastEventId) headers['Last-Event-ID'] = lastEventId;
        const res = await fetch('/events', { headers, signal: controller.signal, cache: 'no-store' });
        if (res.status === 401) {
          onUnauthorized(await problemDetail(res));
          return;
        }
        if (!res.ok || !res.body) throw new Error(`GET /events: ${res.status}`);
        attempt = 0;
        onState('live');
        onOpen();
        const parser = new SseParser((message) => {
          if (message.id) lastEventId = message.id;
          try {
            onEvent({ id: message.id, type: message.event, data: JSON.parse(message.data) });
          } catch {
            // A message this page does not understand is skipped; the next refresh shows its effect.
          }
        });
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(value);
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      attempt += 1;
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** attempt, 10_000)));
    }
  };
  void run();
  return () => controller.abort();
}
