import type { ExpectedVersion } from '../articles/article-writer.service.js';
import { invalid } from './problem.js';

const ETAG_LIST = /^\s*"(\d{1,15})"\s*(,\s*"(\d{1,15})"\s*)*$/;

/** Parses `If-Match: "3"` (or a list of versions, or `*`); a malformed header is a 400. */
export function parseIfMatch(header: string | undefined): ExpectedVersion {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  if (!ETAG_LIST.test(header)) {
    throw invalid('invalid_if_match', 'If-Match must be an article version as an ETag, e.g. "3"', [
      { field: 'If-Match', message: 'must be a quoted version such as "3"' },
    ]);
  }
  return [...header.matchAll(/"(\d+)"/g)].map((match) => Number(match[1]));
}
