// presence.js — the online/away/offline selector. The server's value (GET /auth/me) is the
// truth on load. After 10 minutes without input an agent who chose "online" goes "away", and
// comes back on the next input. Network trouble never changes presence: a failed PUT leaves
// the selector on the last value the server confirmed.

import { put, describe } from './api.js';
import { $ } from './dom.js';
import { t } from './i18n.js';
import { state } from './state.js';
import { toast } from './toast.js';

const IDLE_MS = 10 * 60 * 1000;
const AUTO_KEY = 'exdesk.autoAway';

let select;
let confirmed = 'offline';        // last value the server accepted
let lastInput = Date.now();
let busy = false;
let timer = null;

export function initPresence() {
  select = $('[data-testid="presence"]');
  select.addEventListener('change', async () => {
    sessionStorage.removeItem(AUTO_KEY);
    await setPresence(select.value, false);
  });
  const mark = () => {
    lastInput = Date.now();
    if (sessionStorage.getItem(AUTO_KEY) && confirmed === 'away' && !busy) setPresence('online', false, true);
  };
  let lastMove = 0;
  for (const ev of ['keydown', 'mousedown', 'wheel', 'touchstart', 'focus']) window.addEventListener(ev, mark, { passive: true, capture: true });
  window.addEventListener('mousemove', () => { const n = Date.now(); if (n - lastMove > 5000) { lastMove = n; mark(); } }, { passive: true });
}

export function startPresence() {
  confirmed = state.me.presence || 'offline';
  select.value = confirmed;
  document.body.dataset.presence = confirmed;
  if (confirmed !== 'away') sessionStorage.removeItem(AUTO_KEY);
  lastInput = Date.now();
  clearInterval(timer);
  timer = setInterval(checkIdle, 15000);
}

export function stopPresence() { clearInterval(timer); timer = null; }

/** For tests and the idle check: milliseconds since the last input. */
export function idleFor() { return Date.now() - lastInput; }

function checkIdle() {
  if (busy || confirmed !== 'online') return;
  if (Date.now() - lastInput >= IDLE_MS) {
    setPresence('away', true);
  }
}

async function setPresence(status, auto, quiet) {
  busy = true;
  try {
    const res = await put(`/agents/${state.me.id}/presence`, { status });
    confirmed = (res && res.agent && res.agent.presence) || status;
    state.me.presence = confirmed;
    if (auto) sessionStorage.setItem(AUTO_KEY, '1'); else sessionStorage.removeItem(AUTO_KEY);
    if (auto) toast(t('You were set to Away after 10 minutes without activity'), 'ok');
    else if (quiet) toast(t('Welcome back — you are Online again'), 'ok');
  } catch (e) {
    if (!auto && !quiet) toast(`${t('Presence not changed')}: ${describe(e)}`);
  } finally {
    busy = false;
    select.value = confirmed;
    document.body.dataset.presence = confirmed;
  }
}

/** On logout: best effort, so the desk does not route chats to someone who left. */
export async function goOffline() {
  try { await put(`/agents/${state.me.id}/presence`, { status: 'offline' }); } catch { /* leaving anyway */ }
}

/** The server says my presence changed (another tab, or a supervisor). */
export function presenceFromServer(p) {
  if (busy || p === confirmed) return;
  confirmed = p;
  state.me.presence = p;
  if (p !== 'away') sessionStorage.removeItem(AUTO_KEY);
  select.value = p;
  document.body.dataset.presence = p;
}
