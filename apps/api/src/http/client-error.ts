import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { problemBody } from './problem.filter.js';
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
      return new ApiProblem(400, 'malformed_request', 'The request is not well-formed HTTP/1.1');
  }
}

/**
 * Requests Node's HTTP parser refuses (conflicting lengths, bad bytes in the request line,
 * oversized headers) get problem+json like every other error, instead of an empty body.
 */
export function answerMalformedRequestsWithProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Nothing can be told to a peer that is gone, or mid-response.
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const problem = problemFor(error);
    const body = JSON.stringify(problemBody(problem));
    socket.end(
      `HTTP/1.1 ${problem.status} ${statusTitle(problem.status)}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
