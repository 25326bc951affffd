// Builds the board's DOM from the JSON queries. Text from the newsroom goes in as text nodes only,
// each in an element with its language and dir="auto", so Arabic and mixed text run right to left where they are.

import { formatDate, formatNumber, STATUSES, statusLabel, verdictLabel, VERDICTS } from './format.js';
import { segmentsOf } from './highlight.js';

const SVG = 'http://www.w3.org/2000/svg';

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'hidden' && value === true) element.hidden = true;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
}

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  append(element, children);
  return element;
}

/** Newsroom text: isolated, its direction taken from its own first strong character. */
export const text = (value, language, tag = 'bdi', attributes = {}) => h(tag, { dir: 'auto', lang: language || undefined, ...attributes }, value ?? '');

/** A number or date in the article's language, isolated so its own direction never reorders the text around it. */
const inLanguage = (value, language) => h('bdi', { lang: language || undefined, dir: 'auto' }, value);
const when = (at, language) => h('time', { datetime: at, lang: language || undefined, dir: 'auto' }, formatDate(at, language));
const joined = (parts, separator = ' · ') => parts.filter(Boolean).flatMap((part, index) => (index === 0 ? [part] : [separator, part]));

/** A small horizontal bar chart beside a table of its numbers. */
function barChart(id, caption, entries) {
  const max = Math.max(1, ...entries.map((entry) => entry.value));
  const row = 16;
  const gap = 6;
  const width = 160;
  const height = entries.length * (row + gap) - gap;
  const summary = `${caption}: ${entries.map((entry) => `${entry.label} ${formatNumber(entry.value)}`).join(', ')}`;
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': summary, 'data-chart': id },
    entries.map((entry, index) =>
      svg(
        'g',
        {},
        svg('rect', { x: 0, y: index * (row + gap), width, height: row, class: 'track', rx: 3 }),
        svg(
          'rect',
          { x: 0, y: index * (row + gap), width: Math.max(entry.value > 0 ? 3 : 0, (entry.value / max) * width), height: row, rx: 3, class: `bar fill-${entry.key}`, 'data-key': entry.key, 'data-value': entry.value },
          svg('title', {}, `${entry.label}: ${formatNumber(entry.value)}`),
        ),
      ),
    ),
  );
  const table = h(
    'table',
    { 'data-counters': id },
    h('tbody', {}, entries.map((entry) => h('tr', { 'data-key': entry.key }, h('th', { scope: 'row' }, h('span', { class: `swatch fill-${entry.key}`, 'aria-hidden': 'true' }), entry.label), h('td', { class: 'count' }, formatNumber(entry.value))))),
  );
  return h('figure', { class: 'chart', id: `chart-${id}` }, h('figcaption', {}, caption), chart, table);
}

export function renderDashboard(dashboard, charts, flags) {
  const statuses = STATUSES.filter((status) => status in dashboard.articles);
  charts.replaceChildren(
    barChart('claims', 'Claims by verdict', VERDICTS.filter((verdict) => verdict in dashboard.claims).map((key) => ({ key, label: verdictLabel(key), value: dashboard.claims[key] }))),
    barChart('articles', 'Articles by status', statuses.map((key) => ({ key, label: statusLabel(key), value: dashboard.articles[key] }))),
  );
  flags.replaceChildren(
    h('dt', {}, 'Later disproven claims'),
    h('dd', { class: dashboard.laterDisproven > 0 ? 'alert' : undefined, 'data-flag': 'laterDisproven' }, formatNumber(dashboard.laterDisproven)),
    h('dt', {}, 'Articles needing correction'),
    h('dd', { class: dashboard.correctionNeeded > 0 ? 'alert' : undefined, 'data-flag': 'correctionNeeded' }, formatNumber(dashboard.correctionNeeded)),
  );
}

function articleButton(article, focusPrefix) {
  const lang = article.language;
  const details = joined([
    article.pendingClaims > 0 ? h('span', {}, inLanguage(formatNumber(article.pendingClaims, lang), lang), ' pending') : null,
    article.missingTranslations?.length ? `missing ${article.missingTranslations.join(', ')}` : null,
    h('span', {}, 'v', inLanguage(formatNumber(article.version, lang), lang)),
    when(article.updatedAt, lang),
  ]);
  return h(
    'button',
    { type: 'button', class: 'article-button', style: undefined, 'data-article-id': article.id, 'data-status': article.status, 'data-focus-key': `${focusPrefix}-${article.id}` },
    text(article.title, lang, 'span', { class: 'title' }),
    h('span', { class: 'meta' }, article.correctionNeeded ? h('span', { class: 'badge alert' }, 'correction needed') : null, article.correctionNeeded ? ' ' : null, details),
  );
}

export function renderArticles(articles, dashboard, container) {
  const statuses = STATUSES.filter((status) => status in dashboard.articles || articles.some((article) => article.status === status));
  container.replaceChildren(
    ...statuses.map((status) => {
      const group = articles.filter((article) => article.status === status);
      return h(
        'div',
        { class: 'status-group', 'data-status': status },
        h('h3', {}, `${statusLabel(status)} (${formatNumber(group.length)})`),
        group.length === 0 ? h('p', { class: 'empty' }, 'None') : h('ul', {}, group.map((article) => h('li', {}, articleButton(article, 'status')))),
      );
    }),
  );
}

function verdictHistory(claim, language) {
  if (claim.verdicts.length === 0) return h('p', { class: 'meta' }, 'No verdict yet');
  return h(
    'ol',
    { class: 'history', 'aria-label': 'Verdict history' },
    claim.verdicts.map((verdict) =>
      h('li', {}, h('span', { class: `verdict verdict-${verdict.verdict}` }, verdictLabel(verdict.verdict)), when(verdict.at, language)),
    ),
  );
}

function claimItem(claim, language, { withArticle = true, withOffsets = false } = {}) {
  return h(
    'li',
    { class: 'claim', 'data-claim-id': claim.id, 'data-verdict': claim.verdict },
    text(claim.quote, language, 'span', { class: 'quote' }),
    h(
      'span',
      { class: 'meta' },
      h('span', { class: `verdict verdict-${claim.verdict}` }, verdictLabel(claim.verdict)),
      claim.laterDisproven ? [' ', h('span', { class: 'badge alert' }, 'later disproven')] : null,
      claim.status === 'withdrawn' ? [' ', h('span', { class: 'badge' }, 'withdrawn')] : null,
      withArticle ? [' in ', text(claim.articleTitle, language)] : null,
      withOffsets ? [' · ', h('bdi', { class: 'offsets', lang: language, dir: 'auto' }, `${formatNumber(claim.start, language)}–${formatNumber(claim.end, language)}`)] : null,
      claim.claimant ? [' · ', text(claim.claimant, language)] : null,
      claim.claimedAt ? [' · ', when(claim.claimedAt, language)] : null,
    ),
    verdictHistory(claim, language),
    withArticle ? h('button', { type: 'button', class: 'open', 'data-article-id': claim.articleId, 'data-focus-key': `claim-${claim.id}`, 'aria-label': `Open the article: ${claim.articleTitle}` }, 'Open article') : null,
  );
}

export function renderAttention({ articles, pending, disproven }, container) {
  const languageOf = new Map(articles.map((article) => [article.id, article.language]));
  const needingCorrection = articles.filter((article) => article.correctionNeeded);
  const claimList = (claims, id) =>
    claims.length === 0 ? h('p', { class: 'empty' }, 'None') : h('ul', { 'data-list': id }, claims.map((claim) => claimItem(claim, languageOf.get(claim.articleId))));
  container.replaceChildren(
    h('h3', { id: 'correction-title' }, `Articles needing correction (${formatNumber(needingCorrection.length)})`),
    needingCorrection.length === 0
      ? h('p', { class: 'empty' }, 'None')
      : h('ul', { 'data-list': 'correction-needed' }, needingCorrection.map((article) => h('li', { class: 'article-item' }, articleButton(article, 'correction')))),
    h('h3', {}, `Later disproven (${formatNumber(disproven.length)})`),
    claimList(disproven, 'later-disproven'),
    h('h3', {}, `Pending claims (${formatNumber(pending.length)})`),
    claimList(pending, 'pending'),
  );
}

/** The article's text with each active claim's quote marked at its code-point offsets. */
function markedBody(article) {
  const active = article.claims.filter((claim) => claim.status === 'active');
  const body = h('div', { class: 'article-body', dir: 'auto', lang: article.language, 'data-article-body': article.id });
  for (const piece of segmentsOf(article.body, active)) {
    if (piece.claims.length === 0) {
      body.append(piece.text);
      continue;
    }
    const [first] = piece.claims;
    body.append(
      h('mark', { class: `verdict-${first.verdict}`, 'data-claim-ids': piece.claims.map((claim) => claim.id).join(' '), title: piece.claims.map((claim) => verdictLabel(claim.verdict)).join(', ') }, piece.text),
    );
  }
  return body;
}

export function renderArticle(article, title, container) {
  const lang = article.language;
  title.replaceChildren(text(article.title, lang, 'span'));
  title.dataset.articleId = article.id;
  const facts = joined([
    h('span', {}, 'v', inLanguage(formatNumber(article.version, lang), lang)),
    article.byline ? text(article.byline, lang) : null,
    article.source ? text(article.source, lang) : null,
    h('span', {}, 'created ', when(article.createdAt, lang)),
    article.publishedAt ? h('span', {}, 'published ', when(article.publishedAt, lang)) : null,
    article.correctedAt ? h('span', { 'data-fact': 'corrected' }, 'corrected ', when(article.correctedAt, lang)) : null,
    article.retractedAt ? h('span', { 'data-fact': 'retracted' }, 'retracted ', when(article.retractedAt, lang)) : null,
    h('span', {}, 'updated ', when(article.updatedAt, lang)),
  ]);
  const sortedClaims = [...article.claims].sort((a, b) => a.start - b.start);
  container.replaceChildren(
    h(
      'p',
      { class: 'article-meta' },
      h('span', { class: 'badge', 'data-article-status': article.status }, statusLabel(article.status)),
      article.correctionNeeded ? [' ', h('span', { class: 'badge alert' }, 'correction needed')] : null,
      ' ',
      facts,
    ),
    h(
      'div',
      { class: 'article-columns' },
      markedBody(article),
      h(
        'div',
        {},
        h('h3', {}, `Claims (${formatNumber(article.claims.length, lang)})`),
        sortedClaims.length === 0 ? h('p', { class: 'empty' }, 'None yet') : h('ol', { class: 'claims-list' }, sortedClaims.map((claim) => claimItem({ ...claim }, lang, { withArticle: false, withOffsets: true }))),
        h('h3', {}, `Translations (${formatNumber(article.translations.length, lang)})`),
        article.translations.length === 0
          ? h('p', { class: 'empty' }, article.targetLanguages.length ? `Awaited: ${article.targetLanguages.join(', ')}` : 'None')
          : h(
              'ul',
              { class: 'claims-list' },
              article.translations.map((translation) =>
                h('li', { class: 'claim', 'data-translation-id': translation.id }, text(translation.title, translation.language, 'span', { class: 'quote' }), h('span', { class: 'meta' }, joined([translation.language, translation.status, when(translation.submittedAt, translation.language)]))),
              ),
            ),
      ),
    ),
  );
}
