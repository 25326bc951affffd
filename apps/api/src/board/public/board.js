// The live board: signs in with a token kept for the tab's session, reads the JSON queries,
// and follows GET /events to refresh what changed, without reloading.

import { followEvents, getAll, getJson, UnauthorizedError } from './api.js';
import { renderArticle, renderArticles, renderAttention, renderDashboard } from './render.js';

const TOKEN_KEY = 'newsroom.board.token';
const $ = (id) => document.getElementById(id);

const state = {
  token: null,
  stopEvents: null,
  openArticleId: null,
  openedFrom: null,
  refreshing: false,
  refreshAgain: false,
  lastEventId: null,
};

function tokenFromFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (token) {
    // The fragment never reached the server; keep it out of the history and the address bar too.
    history.replaceState(null, '', location.pathname + location.search);
    return token.replace(/^Bearer\s+/i, '').trim();
  }
  return null;
}

function describeToken(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    const roles = Array.isArray(payload.roles) ? payload.roles.join(', ') : '';
    return `${payload.sub ?? 'unknown'}${roles ? ` (${roles})` : ''}`;
  } catch {
    return 'token';
  }
}

function setConnection(connection, label = connection) {
  const element = $('connection');
  element.dataset.state = connection;
  element.textContent = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', 'signed-out': 'Signed out' }[label] ?? label;
}

function showSignIn(error) {
  $('board').hidden = true;
  $('who').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').hidden = !error;
  $('sign-in-error').textContent = error ?? '';
  setConnection('signed-out');
  $('token').focus();
}

function signOut(error) {
  state.stopEvents?.();
  state.stopEvents = null;
  state.token = null;
  state.openArticleId = null;
  sessionStorage.removeItem(TOKEN_KEY);
  $('article').hidden = true;
  showSignIn(error);
}

function start(token) {
  state.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
  $('sign-in').hidden = true;
  $('board').hidden = false;
  $('who').hidden = false;
  $('who').textContent = `Signed in as ${describeToken(token)}`;
  $('sign-out').hidden = false;
  state.stopEvents = followEvents({
    token,
    // Loaded once the stream is open, so no event between the load and the stream goes unseen.
    onOpen: () => refresh(),
    onEvent: (event) => {
      state.lastEventId = event.id;
      refresh();
    },
    onState: (connection) => setConnection(connection),
    onUnauthorized: (detail) => signOut(`The service refused the token: ${detail}`),
  });
}

/** One refresh at a time; events arriving meanwhile cause one more, not one each. */
async function refresh() {
  if (state.refreshing) {
    state.refreshAgain = true;
    return;
  }
  state.refreshing = true;
  try {
    do {
      state.refreshAgain = false;
      await load();
    } while (state.refreshAgain && state.token);
  } catch (error) {
    if (error instanceof UnauthorizedError) signOut(`The service refused the token: ${error.message}`);
    else setConnection('reconnecting', `Could not load the board: ${error.message}`);
  } finally {
    state.refreshing = false;
  }
}

async function load() {
  const token = state.token;
  if (!token) return;
  const openId = state.openArticleId;
  const [dashboard, articles, pending, disproven, article] = await Promise.all([
    getJson('/dashboard', token),
    getAll('/articles', token),
    getAll('/claims?verdict=pending', token),
    getAll('/claims?laterDisproven=true', token),
    openId ? getJson(`/articles/${openId}`, token) : null,
  ]);
  if (token !== state.token) return;
  keepingFocus(() => {
    renderDashboard(dashboard, $('dashboard-charts'), $('dashboard-flags'));
    renderArticles(articles, dashboard, $('articles-by-status'));
    renderAttention({ articles, pending, disproven }, $('attention'));
    if (article && openId === state.openArticleId) renderArticle(article, $('article-title'), $('article-content'));
  });
  document.body.dataset.loadedAfter = state.lastEventId ?? '';
}

/** Re-rendering replaces the buttons: the one that had the focus gets it back. */
function keepingFocus(render) {
  const key = document.activeElement?.dataset?.focusKey;
  render();
  if (key) document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus({ preventScroll: true });
}

async function openArticle(id, from) {
  state.openArticleId = id;
  state.openedFrom = from;
  try {
    const article = await getJson(`/articles/${id}`, state.token);
    if (state.openArticleId !== id) return;
    renderArticle(article, $('article-title'), $('article-content'));
    $('article').hidden = false;
    $('article').scrollIntoView({ block: 'start' });
    $('article-title').focus({ preventScroll: true });
  } catch (error) {
    if (error instanceof UnauthorizedError) signOut(`The service refused the token: ${error.message}`);
  }
}

function closeArticle() {
  state.openArticleId = null;
  $('article').hidden = true;
  if (state.openedFrom) document.querySelector(`[data-focus-key="${CSS.escape(state.openedFrom)}"]`)?.focus();
}

async function signIn(event) {
  event.preventDefault();
  const token = $('token').value.replace(/^Bearer\s+/i, '').trim();
  if (!token) return;
  try {
    await getJson('/dashboard', token);
  } catch (error) {
    const reason = error instanceof UnauthorizedError ? `The service refused the token: ${error.message}` : `Could not reach the service: ${error.message}`;
    $('sign-in-error').textContent = reason;
    $('sign-in-error').hidden = false;
    return;
  }
  $('token').value = '';
  start(token);
}

$('sign-in-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', () => signOut());
$('close-article').addEventListener('click', closeArticle);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && state.openArticleId) closeArticle();
});
$('board').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-article-id]');
  if (button) void openArticle(button.dataset.articleId, button.dataset.focusKey);
});

const initial = tokenFromFragment() ?? sessionStorage.getItem(TOKEN_KEY);
if (initial) start(initial);
else showSignIn();
