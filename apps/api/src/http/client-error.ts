import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { headerCount } from './api-request.js';
import { problemBody, writeProblem } from './problem.filter.js';
import { ApiProblem, PROBLEM_CONTENT_TYPE, statusTitle } from './problem.js';

/** What Node's parser refuses before any route sees the request, as Node itself would answer it. */
function problemFor(error: NodeJS.ErrnoException): ApiProblem {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiProblem(431, 'headers_too_large', 'The request headers exceed 16 KiB');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new ApiProblem(413, 'payload_too_large', 'The chunk extensions exceed what the server reads');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiProblem(408, 'request_timeout', 'The request did not arrive in time');
    default:
      return malformed('The request is not well-formed HTTP/1.1');
  }
}

const malformed = (detail: string) => new ApiProblem(400, 'malformed_request', detail);

function writeRaw(socket: Duplex, problem: ApiProblem, extraHeaders = ''): void {
  const body = JSON.stringify(problemBody(problem));
  socket.end(
    `HTTP/1.1 ${problem.status} ${statusTitle(problem.status)}\r\n` +
      `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      extraHeaders +
      'Connection: close\r\n\r\n' +
      body,
    // end() only half-closes: a peer that never closes its side would keep the socket.
    () => socket.destroy(),
  );
}

/**
 * Requests refused before any route sees them get problem+json like every other error, instead
 * of Node's empty answers: what its parser refuses (conflicting lengths, bad bytes, oversized
 * headers), an HTTP/1.1 request without exactly one Host (RFC 9112 §3.2), an Expect other than
 * 100-continue, and CONNECT.
 */
export function answerMalformedRequestsWithProblems(server: Server): void {
  // Node's own check answers an empty 400; the middleware below answers it as a problem.
  (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // A bad request pipelined behind a good one: the good one's answer goes out first, since its
    // write may already be stored, and its client must learn so.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (inFlight && !inFlight.writableFinished) {
      inFlight.once('finish', () => (socket.writable ? writeRaw(socket, problemFor(error)) : socket.destroy()));
      return;
    }
    writeRaw(socket, problemFor(error));
  });
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Connection', 'close');
    writeProblem(res, new ApiProblem(417, 'expectation_failed', 'Only Expect: 100-continue is understood'));
  });
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    writeRaw(socket, new ApiProblem(405, 'method_not_allowed', 'CONNECT is not served here'), 'Allow: GET, HEAD, POST, PUT\r\n');
  });
}

// RFC 9110 §7.2: uri-host [ ":" port ], the host a reg-name, an IPv4 address or an IP literal in brackets.
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+;=%]+)(?::\d*)?$/;

/** Express middleware: an HTTP/1.1 request names exactly one Host, and a well-formed one (RFC 9112 §3.2). */
export function requireOneHost(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const hosts = headerCount(req, 'host');
  const host = req.headers.host;
  let refusal: string | undefined;
  if (hosts > 1) refusal = 'A request names one Host, not several';
  else if (hosts === 0 && req.httpVersion === '1.1') refusal = 'An HTTP/1.1 request needs a Host header';
  else if (host !== undefined && !HOST.test(host)) refusal = 'The Host header is not a host[:port]';
  if (refusal === undefined) {
    next();
    return;
  }
  res.setHeader('Connection', 'close');
  writeProblem(res, malformed(refusal));
}
