import { ApiProblem, invalid } from '../http/problem.js';

/** What `If-Match` asked for: undefined when absent; `'*'` matches any existing version. */
export type ExpectedVersion = number[] | '*' | undefined;

// RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, in a comma-separated list.
const ENTITY_TAG = String.raw`(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"`;
// RFC 9110 §5.6.1.2: empty list elements ("3",,"4") are to be ignored.
// Written so that white space has one way to match, so a long hostile header cannot make it backtrack.
const ENTITY_TAG_LIST = new RegExp(String.raw`^\s*(?:${ENTITY_TAG}\s*)?(?:,\s*(?:${ENTITY_TAG}\s*)?)*$`);
// Strong comparison is character by character: "05" is not the tag of version 5.
const VERSION_TAG = /^"(0|[1-9]\d{0,14})"$/;

/**
 * Parses `If-Match: "3"` (or a list of tags, or `*`) into the versions it accepts. If-Match compares
 * strongly (RFC 9110 §13.1.1): a weak tag or one that is not a version never matches, so it leads to
 * a 412, not a 400. Only a header that is not a list of entity tags is malformed.
 */
export function parseIfMatch(header: string | undefined): ExpectedVersion {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  const tags = ENTITY_TAG_LIST.test(header) ? (header.match(new RegExp(ENTITY_TAG, 'g')) ?? []) : [];
  if (tags.length === 0) {
    throw invalid('invalid_if_match', 'If-Match must be a list of entity tags, e.g. "3"', [
      { field: 'If-Match', message: 'must be quoted entity tags such as "3", or *' },
    ]);
  }
  return tags.flatMap((tag) => {
    const version = VERSION_TAG.exec(tag);
    return version ? [Number(version[1])] : [];
  });
}

export function preconditionFailed(expected: ExpectedVersion, why: string): ApiProblem {
  const versions = expected === '*' ? [] : (expected ?? []);
  const asked = expected === '*' ? 'If-Match *' : versions.length > 0 ? `If-Match ${versions.map((version) => `"${version}"`).join(', ')}` : 'An If-Match without a strong version tag';
  return new ApiProblem(412, 'precondition_failed', `${asked} does not match: ${why}; nothing was written`);
}

/** The 412 step: the version the command was sent against is the current one, or nothing is written. */
export function checkIfMatch(expected: ExpectedVersion, state: { version: number } | null): void {
  if (expected === undefined) return;
  const current = state?.version ?? 0;
  if (expected === '*' ? state === null : !expected.includes(current)) throw preconditionFailed(expected, `the current version is ${current}`);
}
