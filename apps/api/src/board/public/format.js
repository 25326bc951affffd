// Numbers and dates in a given language, through Intl; an unknown tag falls back to the browser's own.

const cache = new Map();

function formatter(kind, language, options) {
  const key = `${kind}|${language}|${JSON.stringify(options)}`;
  if (!cache.has(key)) {
    let made;
    try {
      made = kind === 'number' ? new Intl.NumberFormat(language, options) : new Intl.DateTimeFormat(language, options);
    } catch {
      made = kind === 'number' ? new Intl.NumberFormat(undefined, options) : new Intl.DateTimeFormat(undefined, options);
    }
    cache.set(key, made);
  }
  return cache.get(key);
}

export const UI_LANGUAGE = document.documentElement.lang || undefined;

export function formatNumber(value, language = UI_LANGUAGE) {
  return formatter('number', language, {}).format(value);
}

/** An instant in UTC, or a calendar date (YYYY-MM-DD) as a date. */
export function formatDate(text, language = UI_LANGUAGE) {
  if (!text) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return formatter('date', language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${text}T00:00:00Z`));
  }
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return formatter('date', language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date);
}

export const VERDICTS = ['pending', 'true', 'mostly_true', 'mixed', 'misleading', 'false', 'unverifiable'];
export const STATUSES = ['draft', 'ready', 'published', 'correcting', 'retracted'];

const VERDICT_LABELS = {
  pending: 'Pending',
  true: 'True',
  mostly_true: 'Mostly true',
  mixed: 'Mixed',
  misleading: 'Misleading',
  false: 'False',
  unverifiable: 'Unverifiable',
};

export const verdictLabel = (verdict) => VERDICT_LABELS[verdict] ?? verdict;
export const statusLabel = (status) => status.charAt(0).toUpperCase() + status.slice(1);
