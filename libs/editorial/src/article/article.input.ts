import { ArticleRuleError } from './article.errors.js';
import type { FactCheckVerdictEntry } from '../fact-check/fact-check.state.js';
import { VERDICTS, type LinkedVerdict, type Source, type Verdict } from './article.events.js';
import { codePointLength } from './anchoring.js';

/**
 * The contract's limits, in Unicode code points of the NFC text (title after trimming). The
 * API validates requests with the same numbers; decide enforces them again so that no
 * caller can store what the contract forbids.
 */
export const LIMITS = {
  title: { min: 1, max: 300 },
  body: { min: 1, max: 100_000 },
  quote: { min: 1, max: 2_000 },
  claimant: { max: 300 },
  rationale: { min: 1, max: 5_000 },
  sources: { max: 20 },
  sourceUrl: { max: 2_000 },
  sourceTitle: { max: 300 },
  reason: { min: 1, max: 2_000 },
  note: { min: 1, max: 2_000 },
  statement: { min: 1, max: 2_000 },
  byline: { max: 300 },
  source: { max: 300 },
  languageTag: { max: 64 },
  targetLanguages: { max: 50 },
} as const;

/**
 * How much one stream may hold (API.md "Bounds"); past one, a command fails with 409
 * `limit_reached`. They keep every stream small enough to fold on each command.
 */
export const BOUNDS = {
  claimsPerArticle: 1_000,
  translationsPerArticle: 200,
  verdictsPerClaim: 100,
  verdictsPerFactCheck: 100,
  appearancesPerFactCheck: 1_000,
} as const;

/** 409 limit_reached unless `count` items leave room for one more. */
export function roomForOneMore(count: number, bound: number, what: string): void {
  if (count >= bound) throw new ArticleRuleError('limit_reached', `${what} holds at most ${bound}`);
}

const invalid = (field: string, message: string) => new ArticleRuleError('invalid_input', message, { field });

/** C0 controls other than tab, LF and CR, which the contract forbids in every text field. */
export function hasForbiddenControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) return true;
  }
  return false;
}

// A lone surrogate cannot be encoded as UTF-8: storing it would silently turn it into U+FFFD.
const loneSurrogate = /\p{Surrogate}/u;

export function hasLoneSurrogate(text: string): boolean {
  return loneSurrogate.test(text);
}

/** NFC form of a text field, after checking what the contract forbids in any text. */
export function normalizeText(field: string, value: unknown, limits: { min?: number; max: number }, options: { trim?: boolean } = {}): string {
  if (typeof value !== 'string') throw invalid(field, `${field} must be a string`);
  if (hasForbiddenControlCharacter(value)) throw invalid(field, `${field} must not contain control characters`);
  if (hasLoneSurrogate(value)) throw invalid(field, `${field} must be well-formed Unicode`);
  const normalized = options.trim ? value.normalize('NFC').trim() : value.normalize('NFC');
  const length = codePointLength(normalized);
  const min = limits.min ?? 0;
  if (length < min || length > limits.max) {
    throw invalid(field, `${field} must be ${min}–${limits.max} characters${options.trim ? ' after trimming' : ''}, got ${length}`);
  }
  return normalized;
}

export function normalizeOptionalText(field: string, value: unknown, limits: { max: number }): string | null {
  return value === undefined || value === null ? null : normalizeText(field, value, limits);
}

/** A revision names a title, a body or both: absent means unchanged, so one of them must be there. */
export function assertRevisesSomething(revision: { title?: unknown; body?: unknown }): void {
  if (revision.title === undefined && revision.body === undefined) throw invalid('title', 'a revision needs a title, a body or both');
}

/** The canonical BCP 47 form ("AR" → "ar", "ar-sy" → "ar-SY"), so that equal tags compare equal. */
export function canonicalLanguage(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > LIMITS.languageTag.max) {
    throw invalid(field, `${field} must be a BCP 47 language tag of at most ${LIMITS.languageTag.max} characters, such as ar, en or ar-SY`);
  }
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    if (canonical === undefined) throw new RangeError(value);
    return canonical;
  } catch {
    throw invalid(field, `${field} must be a BCP 47 language tag, got "${value}"`);
  }
}

/** Canonical, without repeats: at most LIMITS.targetLanguages.max tags. */
export function canonicalLanguages(field: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(field, `${field} must be a list of BCP 47 language tags`);
  if (value.length > LIMITS.targetLanguages.max) throw invalid(field, `${field} may list at most ${LIMITS.targetLanguages.max} languages`);
  return [...new Set(value.map((tag, index) => canonicalLanguage(`${field}[${index}]`, tag)))];
}

export function validOccurrence(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw invalid('occurrence', 'occurrence must be an integer ≥ 1');
  return value;
}

const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * An ISO-8601 date (2003-03-20) or date-time with a zone (2003-03-20T05:30:00Z) naming a real
 * calendar day, whose UTC instant lies in the years 0000–9999: beyond them it has no four-digit
 * ISO form to be stored in (9999-12-31T23:00-14:00 is +010000-01-01T13:00Z), and the text-sorted
 * times of the read models would misplace it.
 */
/** An ISO-8601 date or date-time as an instant: a date alone is its first moment, UTC. */
export function instantOf(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}

export function isIsoDateOrDateTime(value: unknown): value is string {
  if (typeof value !== 'string' || !isoDate.test(value)) return false;
  const date = instantOf(value);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 0 || date.getUTCFullYear() > 9999) return false;
  // Date rolls 2024-02-31 over to March; the calendar date must survive the round trip.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const check = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps the years 0–99 as they are instead of mapping them to 1900–1999.
  check.setUTCFullYear(year, month - 1, day);
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
}

export function validClaimedAt(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (!isIsoDateOrDateTime(value)) {
    throw invalid('claimedAt', 'claimedAt must be an ISO-8601 date or date-time in the years 0000–9999 (UTC)');
  }
  // Times are UTC everywhere in the contract; a date alone names a day, not an instant, and stays as given.
  return value.includes('T') ? new Date(value).toISOString() : value;
}

export function validVerdict(value: unknown): Verdict {
  if (!(VERDICTS as readonly unknown[]).includes(value)) throw invalid('verdict', `verdict must be one of ${VERDICTS.join(', ')}`);
  return value as Verdict;
}

export function normalizeSources(value: unknown): Source[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('sources', 'sources must be a list');
  if (value.length > LIMITS.sources.max) throw invalid('sources', `at most ${LIMITS.sources.max} sources`);
  return value.map((item: unknown, index) => {
    const field = `sources[${index}]`;
    if (typeof item !== 'object' || item === null) throw invalid(field, `${field} must be an object { url, title? }`);
    const { url, title } = item as { url?: unknown; title?: unknown };
    const normalizedUrl = normalizeSourceUrl(`${field}.url`, url);
    const normalizedTitle = normalizeOptionalText(`${field}.title`, title, LIMITS.sourceTitle);
    return normalizedTitle === null ? { url: normalizedUrl } : { url: normalizedUrl, title: normalizedTitle };
  });
}

export function normalizeSourceUrl(field: string, value: unknown): string {
  const url = normalizeText(field, value, { min: 1, max: LIMITS.sourceUrl.max });
  if (!isHttpUrl(url)) throw invalid(field, `${field} must be an http(s) URL`);
  return url;
}

// Written as a reader would type it: scheme, "//", a host, then no space and no backslash. The
// WHATWG parser alone forgives http:/x, https:///x, http:\\x and surrounding spaces, and the
// stored URL is the text as given, not what the parser made of it.
const HTTP_URL = /^https?:\/\/[^\s/?#\\]+(?:[/?#][^\s\\]*)?$/i;

export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !HTTP_URL.test(value)) return false;
  try {
    const { protocol, hostname } = new URL(value);
    return (protocol === 'http:' || protocol === 'https:') && hostname !== '';
  } catch {
    return false;
  }
}

/** An id given by the app (fact-check, causing verdict); any non-empty string. */
export function validId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new ArticleRuleError('invalid_input', `${field} must be an id`, { field });
  return value;
}

/** The fact-check's verdicts a link replays, as the app read them from the fact-check's state. */
export function linkedVerdicts(value: unknown): LinkedVerdict[] {
  if (!Array.isArray(value)) throw new ArticleRuleError('invalid_input', 'verdicts must be a list', { field: 'verdicts' });
  if (value.length > BOUNDS.verdictsPerFactCheck) throw new ArticleRuleError('invalid_input', `a fact-check has at most ${BOUNDS.verdictsPerFactCheck} verdicts`, { field: 'verdicts' });
  return value.map((entry: FactCheckVerdictEntry, index) => ({
    causationId: validId(`verdicts[${index}].verdictId`, entry.verdictId),
    verdict: validVerdict(entry.verdict),
    rationale: normalizeText(`verdicts[${index}].rationale`, entry.rationale, LIMITS.rationale),
    sources: normalizeSources(entry.sources),
    by: entry.by,
    at: entry.at,
  }));
}
