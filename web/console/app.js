// app.js — start-up and wiring: login/logout, loading the desk's reference data, the push
// stream, hash routing (#/ticket/EXD-100012) and the top bar.

import { get, post, setCsrf, csrf, setUnauthorizedHandler, describe } from './api.js';
import { h, $, replace } from './dom.js';
import { t, setUiLanguage, uiLanguage, uiLanguages, translateDom } from './i18n.js';
import { state, on, emit } from './state.js';
import { Stream } from './stream.js';
import { initViews, setupViews, refreshAll, onMessage as viewsOnMessage, getListTicket } from './views.js';
import { initConversation, openTicket, closeTicket, leave, onStreamMessage, onStreamTyping, onStreamViewers,
  onStreamRead, onStreamCsat } from './conversation.js';
import { initCustomer, onStreamCsat as customerOnCsat } from './customer.js';
import { initMail, onStreamDelivery } from './mail.js';
import { initActions } from './actions.js';
import { initPresence, startPresence, stopPresence, goOffline, presenceFromServer } from './presence.js';
import { initShortcuts, SHORTCUTS } from './shortcuts.js';
import { initSuggestions, onStreamMessage as suggestionsOnMessage } from './suggestions.js';
import { initIncidents, showIncidents, hideIncidents } from './incidents.js';
import { initReports, showReports, hideReports } from './reports.js';
import { initHoldPanel, onHoldMessage } from './hold_panel.js';
import { initRecoveryPanel } from './recovery_panel.js';

let stream = null;
let pollTimer = null;
const POLL_MS = 30000;

function showLogin(message) {
  if (stream) { stream.stop(); stream = null; }
  clearInterval(pollTimer);
  stopPresence();
  if (state.openTicketId) closeTicket(true);
  state.me = null;
  setCsrf(null);
  for (const d of document.querySelectorAll('dialog[open]')) d.close();
  $('#app').hidden = true;
  $('#login').hidden = false;
  const err = $('#login-error');
  err.textContent = message || '';
  err.hidden = !message;
  $('[data-testid="login-password"]').value = '';
  $('[data-testid="login-email"]').focus();
}

async function onLoginSubmit(e) {
  e.preventDefault();
  const email = $('[data-testid="login-email"]').value.trim();
  const password = $('[data-testid="login-password"]').value;
  const btn = $('[data-testid="login-submit"]');
  const err = $('#login-error');
  btn.disabled = true;
  err.hidden = true;
  try {
    const res = await post('/auth/login', { email, password }, { quiet401: true });
    setCsrf(res.csrf_token);
    await start(res.agent);
  } catch (ex) {
    err.textContent = ex.code === 'invalid_credentials' ? t('Wrong email or password.') : describe(ex);
    err.hidden = false;
  } finally {
    btn.disabled = false;
  }
}

async function logout() {
  leave(false);
  if (stream) { stream.stop(); stream = null; }
  await goOffline();
  try { await post('/auth/logout'); } catch { /* the session is gone either way */ }
  location.hash = '';
  showLogin(t('You have signed out.'));
}

async function start(me) {
  state.me = me;
  $('#login').hidden = true;
  $('#app').hidden = false;
  $('#me-name').textContent = me.name;
  $('#me-role').textContent = me.role;
  document.body.dataset.role = me.role;
  const [agents, groups, tags] = await Promise.all([
    get('/agents').catch(() => ({ agents: [] })),
    get('/groups').catch(() => ({ groups: [] })),
    get('/tags').catch(() => ({ tags: [] })),
  ]);
  if (!state.me) return;   // a 401 came back meanwhile
  state.agents = new Map(agents.agents.map((a) => [a.id, a]));
  state.groups = new Map(groups.groups.map((g) => [g.id, g]));
  state.tags = tags.tags;
  replace($('#tag-options'), tags.tags.map((x) => h('option', { value: x.name })));
  startPresence();
  // Stream first, lists second (docs/internals/push.md): a change made while the lists load
  // then arrives on the stream instead of falling in between.
  await Promise.race([startStream(), new Promise((r) => setTimeout(r, 3000))]);
  if (!state.me) return;
  setupViews();
  route();
}

/** Opens the stream; the promise settles once it is open or has failed once. */
function startStream() {
  if (stream) stream.stop();
  let settle;
  const ready = new Promise((r) => { settle = r; });
  stream = new Stream('/api/v1/stream', {
    onEvent: onStreamEvent,
    onStatus: (s) => {
      if (s !== 'connecting') settle();
      const node = $('[data-testid="stream-status"]');
      const label = { live: t('Live'), connecting: t('Connecting…'), reconnecting: t('Reconnecting…'), down: t('Live updates off — retrying'), stopped: '' }[s] || s;
      node.textContent = label;
      node.dataset.status = s;
      node.title = s === 'live' ? t('Updates arrive as they happen') : t('Live updates are paused; the lists refresh every 30 s');
      // While the stream is down, keep lists roughly current by polling (no page reload).
      clearInterval(pollTimer);
      if (s === 'down' || s === 'reconnecting') pollTimer = setInterval(() => refreshAll(), POLL_MS);
    },
    onResync: () => refreshAll(),
  });
  stream.start();
  return ready;
}

function onStreamEvent(type, data) {
  switch (type) {
    case 'ticket': if (data.ticket) emit('ticket-changed', data.ticket); break;
    case 'message': viewsOnMessage(data.ticket_id, data.message); onStreamMessage(data); suggestionsOnMessage(data); onHoldMessage(data); break;
    case 'delivery': onStreamDelivery(data); break;
    case 'typing': onStreamTyping(data); break;
    case 'viewers': onStreamViewers(data); break;
    case 'read': onStreamRead(data); break;
    case 'csat': onStreamCsat(data); customerOnCsat(data); break;
    case 'agent': onAgentPresence(data); break;
    default: break;
  }
}

// Presence of an agent changed (not in docs/chat.md, but the server sends it).
function onAgentPresence(data) {
  const a = state.agents.get(data.agent_id);
  if (a && data.presence) a.presence = data.presence;
  if (state.me && data.agent_id === state.me.id && data.presence) presenceFromServer(data.presence);
}

function route() {
  if (!state.me) return;
  const inc = location.hash.match(/^#\/incidents(?:\/(\d+))?$/);
  if (inc) { hideReports(); showIncidents(inc[1]); return; }
  hideIncidents();
  if (location.hash === '#/reports') { showReports(); return; }
  hideReports();
  const m = location.hash.match(/^#\/ticket\/([^/?#]+)/);
  if (m) {
    const ref = decodeURIComponent(m[1]);
    const cur = state.openTicketId && getListTicket(state.openTicketId);
    if (state.openTicketId && (String(state.openTicketId) === ref || (cur && cur.number === ref))) return;
    openTicket(ref);
  } else if (state.openTicketId) {
    closeTicket();
  }
}

function initTopbar() {
  $('#logout').addEventListener('click', logout);
  $('#help-button').addEventListener('click', () => $('#help-dialog').showModal());
  const lang = $('#ui-lang');
  for (const [code, name] of uiLanguages) lang.appendChild(h('option', { value: code, selected: code === uiLanguage() }, name));
  lang.addEventListener('change', () => { localStorage.setItem('exdesk.uiLang', lang.value); location.reload(); });
  replace($('#help-list'), SHORTCUTS.map(([k, what]) => [h('dt', null, ...k.split(' ').map((p) => (
    ['/', 'or', 'then', '+'].includes(p) ? ` ${p} ` : h('kbd', null, p)))), h('dd', null, t(what))]));
  for (const d of document.querySelectorAll('dialog')) {
    d.addEventListener('click', (e) => { if (e.target === d) d.close(); });   // click on the backdrop
  }
}

async function boot() {
  setUiLanguage(localStorage.getItem('exdesk.uiLang') || 'en');
  translateDom();
  setUnauthorizedHandler(() => showLogin(t('Your session has ended. Please sign in again.')));
  $('#login-form').addEventListener('submit', onLoginSubmit);
  initTopbar();
  initViews();
  initMail();
  initConversation();
  initCustomer();
  initSuggestions();
  initIncidents();
  initReports();
  initHoldPanel();
  initRecoveryPanel();
  initActions();
  initPresence();
  initShortcuts();
  on('open-ticket', (id) => {
    const tk = getListTicket(id);
    location.hash = `#/ticket/${encodeURIComponent(tk ? tk.number : id)}`;
  });
  window.addEventListener('hashchange', route);

  // A cookie session without this tab's CSRF token cannot write anything: sign in again.
  if (!csrf()) { showLogin(''); return; }
  try {
    const res = await get('/auth/me', undefined, { quiet401: true });
    await start(res.agent);
  } catch (e) {
    showLogin(e.status === 401 ? '' : describe(e));
  }
}

boot();
