import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { parsePosition, type Position } from '#event-store';
import { headerCount, type ApiRequest, type ApiResponse } from '../http/api-request.js';
import { ApiAuthenticated, ApiProblems } from '../http/openapi.decorators.js';
import { invalid } from '../http/problem.js';
import { LiveEvents } from './live-events.service.js';

const STREAM_DESCRIPTION = `Server-Sent Events, one message per event once the read models reflect it:
\`id: <position>\` (an opaque token of the event's place in the log), \`event: <event type>\` (as in the history) and
\`data: { stream, articleId?, factCheckId?, version, type, at, by }\` (no article text; a fact-check's events name factCheckId).
A comment line comes at least every 15 s. A client that falls too far behind (1 MiB unread) is closed and resumes with Last-Event-ID. The stream ends when the token expires: reconnect with a fresh one.`;

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly live: LiveEvents) {}

  @Get()
  @ApiAuthenticated()
  @ApiOperation({
    summary: 'Follow the newsroom live: every event, as soon as the read models reflect it',
    description: 'The token goes in the Authorization header (a token in the query string is ignored: 401), so browsers read the stream with fetch, not EventSource.',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The id of the last message received: the stream starts with every message after it, then goes live. Without it, live messages only. A malformed id is a 400 invalid_last_event_id.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: STREAM_DESCRIPTION, content: { 'text/event-stream': { schema: { type: 'string', example: 'id: 7/7\nevent: VerdictRecorded\ndata: {"stream":"article-…","articleId":"…","version":7,"type":"VerdictRecorded","at":"2026-11-29T12:00:00.000Z","by":"omar"}\n\n' } } } })
  @ApiProblems(400)
  async events(@Req() req: ApiRequest, @Res() res: ApiResponse): Promise<void> {
    await this.live.open(req, res, lastEventId(req), tokenExpiry(req));
  }
}

/** When the (already verified) bearer token expires, in ms since the epoch: the stream ends then. */
function tokenExpiry(req: ApiRequest): number | null {
  const token = /^Bearer +(\S+)/i.exec(req.headers.authorization ?? '')?.[1];
  try {
    const { exp } = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

function lastEventId(req: ApiRequest): Position | null {
  const header = req.headers['last-event-id'];
  if (header === undefined) return null;
  const refused = () => invalid('invalid_last_event_id', 'Last-Event-ID must be the id of a message this stream sent', [{ field: 'Last-Event-ID', message: 'is not an event id' }]);
  if (typeof header !== 'string' || headerCount(req, 'last-event-id') > 1) throw refused();
  // The browser's EventSource sends an empty Last-Event-ID before it has seen any id.
  if (header.trim() === '') return null;
  try {
    return parsePosition(header.trim());
  } catch {
    throw refused();
  }
}
