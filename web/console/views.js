// views.js — the left sidebar (views with counts) and the ticket list with its filters.
// Lists come from GET /api/v1/tickets (up to 100 per view), are sorted here (priority, then the
// SLA clock that matters now, breached first, then due time; sla.js) and kept current from the
// push stream without reloading. Each row carries its SLA countdown.

import { get, describe, serverNow } from './api.js';
import { h, $, replace, options } from './dom.js';
import { t, languageName, CHANNEL_ICON, ago } from './i18n.js';
import { slaClock, bindSla, slaUrgency } from './sla.js';
import { state, on, emit, STATUSES, PRIORITIES, CHANNELS, PRIORITY_RANK, canSeeAll, agentName, groupName, visibleToMe } from './state.js';

const ACTIVE = ['new', 'open', 'pending', 'on_hold'];
const LIMIT = 100;

let views = [];              // [{key, label, query, statuses, match, sort}]
const caches = new Map();    // view key -> {tickets: Map, more, loaded, error}
let current = null;          // active view key
let list = new Map();        // tickets shown (view + filters)
let listMore = false;
let order = [];              // ids in display order
let selectedId = null;       // keyboard cursor (j/k)
const rowEls = new Map();    // id -> row element
const unread = new Set();    // tickets with customer activity not yet opened
const filters = { status: '', priority: '', channel: '', tag: '', q: '' };
let listSeq = 0;

const el = {};

export function initViews() {
  el.nav = $('#views');
  el.list = $('#ticket-list');
  el.listTitle = $('#list-title');
  el.listInfo = $('#list-info');
  el.q = $('#filter-q');
  el.status = $('#filter-status');
  el.priority = $('#filter-priority');
  el.channel = $('#filter-channel');
  el.tag = $('#filter-tag');

  options(el.status, [['', t('Any status')], ...STATUSES.map((s) => [s, t(s)])]);
  options(el.priority, [['', t('Any priority')], ...PRIORITIES.map((p) => [p, t(p)])]);
  options(el.channel, [['', t('Any channel')], ...CHANNELS.map((c) => [c, c])]);
  for (const [k, node] of [['status', el.status], ['priority', el.priority], ['channel', el.channel], ['tag', el.tag]]) {
    node.addEventListener('change', () => { filters[k] = node.value; loadList(); });
  }
  let qTimer = null;
  el.q.addEventListener('input', () => {
    clearTimeout(qTimer);
    qTimer = setTimeout(() => { if (filters.q !== el.q.value.trim()) { filters.q = el.q.value.trim(); loadList(); } }, 350);
  });
  el.q.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); clearTimeout(qTimer); filters.q = el.q.value.trim(); loadList(); }
    if (e.key === 'Escape') { el.q.blur(); }
  });
  $('#list-refresh').addEventListener('click', () => refreshAll());

  on('ticket-changed', (tk) => upsert(tk));
  on('ticket-opened', (id) => { unread.delete(id); selectedId = id; renderList(); });
  setInterval(() => renderList(), 30000);   // SLA breaches change the order over time
}

export function setupViews() {
  const me = state.me;
  const notDone = (tk) => ACTIVE.includes(tk.status);
  views = [
    { key: 'mine', label: t('Mine'), query: { assignee_id: 'me', status: ACTIVE }, statuses: ACTIVE,
      match: (tk) => tk.assignee_id === me.id && notDone(tk) },
    { key: 'unassigned', label: t('Unassigned'), query: { assignee_id: 'none', status: ['new', 'open'] }, statuses: ['new', 'open'],
      match: (tk) => (tk.assignee_id === null || tk.assignee_id === undefined) && ['new', 'open'].includes(tk.status) },
  ];
  for (const gid of me.groups || []) {
    views.push({ key: `group-${gid}`, label: groupName(gid), group: true, query: { group_id: gid },
      match: (tk) => tk.group_id === gid });
  }
  // deposit recovery (recovery_panel.js): the open recovery tickets the agent may see
  views.push({ key: 'recovery', label: t('Deposit recovery'), query: { category: 'recovery', status: ACTIVE }, statuses: ACTIVE,
    match: (tk) => tk.category === 'recovery' && notDone(tk) });
  if (canSeeAll()) views.push({ key: 'all', label: t('All'), query: {}, match: () => true });
  views.push({ key: 'solved', label: t('Solved recently'), query: { status: ['solved'] }, statuses: ['solved'],
    match: (tk) => tk.status === 'solved', sort: 'solved' });

  options(el.tag, [['', t('Any tag')], ...state.tags.map((x) => [x.name, `${x.name} (${x.count})`])]);
  caches.clear();
  list = new Map(); order = []; rowEls.clear(); unread.clear(); el.list.replaceChildren();
  renderNav();
  const saved = sessionStorage.getItem('exdesk.view');
  selectView(views.some((v) => v.key === saved) ? saved : 'mine');
  refreshCounts();
}

function renderNav() {
  const item = (v) => h('a', {
    href: '#', class: `view-link${v.key === current ? ' active' : ''}`, testid: `view-${v.key}`, dataset: { view: v.key },
    onclick: (e) => { e.preventDefault(); selectView(v.key); },
  }, h('span', { class: 'view-label' }, v.label), h('span', { class: 'count', testid: `count-${v.key}` }, countText(v.key)));
  const main = views.filter((v) => !v.group);
  const groups = views.filter((v) => v.group);
  replace(el.nav,
    h('h2', { class: 'nav-title' }, t('Views')),
    main.slice(0, 2).map(item),
    groups.length ? h('h3', { class: 'nav-sub' }, t('My groups')) : null,
    groups.map(item),
    groups.length ? h('div', { class: 'nav-sep' }) : null,
    main.slice(2).map(item));
}

function countText(key) {
  const c = caches.get(key);
  if (!c || !c.loaded) return c && c.error ? '!' : '…';
  if (c.more || c.tickets.size > LIMIT) return '100+';
  return String(c.tickets.size);
}

function updateCounts() {
  for (const v of views) {
    const n = el.nav.querySelector(`[data-testid="count-${v.key}"]`);
    if (n) n.textContent = countText(v.key);
  }
}

export async function refreshCounts() {
  await Promise.all(views.map(async (v) => {
    try {
      const page = await get('/tickets', { ...v.query, limit: LIMIT });
      const m = new Map(page.tickets.map((tk) => [tk.id, tk]));
      caches.set(v.key, { tickets: m, more: !!page.next_cursor, loaded: true });
    } catch (e) {
      if (!caches.get(v.key)) caches.set(v.key, { tickets: new Map(), more: false, loaded: false, error: true });
    }
  }));
  updateCounts();
  replayRecent();
}

export function refreshAll() { refreshCounts(); loadList(); }

export function selectView(key) {
  current = key;
  sessionStorage.setItem('exdesk.view', key);
  for (const a of el.nav.querySelectorAll('.view-link')) a.classList.toggle('active', a.dataset.view === key);
  const v = views.find((x) => x.key === key);
  el.listTitle.textContent = v ? v.label : '';
  loadList();
}

export function focusViews() {
  const a = el.nav.querySelector('.view-link.active') || el.nav.querySelector('.view-link');
  if (a) a.focus();
}

export function focusSearch() { el.q.focus(); el.q.select(); }

function currentView() { return views.find((v) => v.key === current); }

/** The API query for the current view and filters; null when the filters rule out everything. */
function listQuery(v) {
  const q = { ...v.query, limit: LIMIT };
  if (filters.status) {
    if (v.statuses && !v.statuses.includes(filters.status)) return null;
    q.status = filters.status;
  }
  if (filters.priority) q.priority = filters.priority;
  if (filters.channel) q.channel = filters.channel;
  if (filters.tag) q.tag = filters.tag;
  if (filters.q) q.q = filters.q;
  return q;
}

function filtersActive() { return Object.values(filters).some(Boolean); }

function matchesFilters(tk) {
  if (filters.status && tk.status !== filters.status) return false;
  if (filters.priority && tk.priority !== filters.priority) return false;
  if (filters.channel && tk.channel !== filters.channel) return false;
  if (filters.tag && !(tk.tags || []).includes(filters.tag)) return false;
  if (filters.q) {
    const q = filters.q.toLowerCase();
    const r = tk.requester || {};
    const hay = [tk.subject, tk.number, r.email, r.exchange_uid].filter(Boolean).join('\n').toLowerCase();
    if (!hay.includes(q)) return false;
  }
  return true;
}

export async function loadList() {
  const v = currentView();
  if (!v) return;
  const seq = ++listSeq;
  const q = listQuery(v);
  el.listInfo.textContent = t('Loading…');
  el.list.setAttribute('aria-busy', 'true');
  try {
    const page = q ? await get('/tickets', q) : { tickets: [], next_cursor: null };
    if (seq !== listSeq) return;
    list = new Map(page.tickets.map((tk) => [tk.id, tk]));
    listMore = !!page.next_cursor;
    if (!filtersActive()) caches.set(v.key, { tickets: new Map(list), more: listMore, loaded: true });
    updateCounts();
    renderList();
    replayRecent();
  } catch (e) {
    if (seq !== listSeq) return;
    el.listInfo.textContent = `${t('Could not load the list')}: ${describe(e)}`;
  } finally {
    if (seq === listSeq) el.list.removeAttribute('aria-busy');
  }
}

export function compareTickets(a, b, now = serverNow()) {
  const pa = PRIORITY_RANK[a.priority] ?? 9, pb = PRIORITY_RANK[b.priority] ?? 9;
  if (pa !== pb) return pa - pb;
  const ua = slaUrgency(a, now), ub = slaUrgency(b, now);
  if (ua.breached !== ub.breached) return ua.breached ? -1 : 1;
  if (ua.due !== ub.due) return ua.due < ub.due ? -1 : 1;
  return a.id - b.id;
}

function sortIds(v) {
  const arr = [...list.values()];
  if (v && v.sort === 'solved') {
    arr.sort((a, b) => (Date.parse(b.solved_at || b.updated_at) || 0) - (Date.parse(a.solved_at || a.updated_at) || 0) || b.id - a.id);
  } else {
    const now = serverNow();
    arr.sort((a, b) => compareTickets(a, b, now));
  }
  return arr.map((tk) => tk.id);
}

function renderRow(tk) {
  const r = tk.requester || {};
  const row = rowEls.get(tk.id) || h('div', {
    class: 'row', testid: 'ticket-row', role: 'option', tabindex: '-1',
    onclick: () => openTicket(tk.id),
  });
  row.dataset.id = tk.id;
  row.dataset.number = tk.number;
  row.dataset.status = tk.status;
  row.dataset.priority = tk.priority;
  row.dataset.updated = tk.updated_at;
  row.dataset.assignee = tk.assignee_id ?? '';
  row.className = `row prio-${tk.priority}${unread.has(tk.id) ? ' unread' : ''}`;
  replace(row,
    h('div', { class: 'row-top' },
      h('span', { class: `prio-dot prio-${tk.priority}`, title: t(tk.priority) }),
      h('span', { class: 'row-number' }, tk.number),
      h('span', { class: `channel ch-${tk.channel}`, title: tk.channel }, CHANNEL_ICON[tk.channel] || '•',
        h('span', { class: 'ch-text' }, ` ${tk.channel}`)),
      tk.language ? h('span', { class: 'badge lang', title: languageName(tk.language) }, tk.language) : null,
      tk.vip ? h('span', { class: 'badge vip', title: `VIP ${r.vip_tier || ''}` }, `VIP${r.vip_tier ? ' ' + r.vip_tier : ''}`) : null,
      slaClock(tk, { compact: true })),
    h('div', { class: 'row-subject', lang: tk.language || null, title: tk.subject }, tk.subject),
    h('div', { class: 'row-bottom' },
      h('span', { class: 'requester', lang: r.language || null }, r.name || r.email || r.exchange_uid || '—'),
      h('span', { class: `status st-${tk.status}` }, t(tk.status)),
      h('span', { class: `prio-text prio-${tk.priority}` }, t(tk.priority)),
      tk.assignee_id ? h('span', { class: 'assignee', title: t('Assignee'), testid: 'row-assignee' }, agentName(tk.assignee_id)) : null,
      h('span', { class: 'updated', title: tk.updated_at }, ago(tk.updated_at))));
  rowEls.set(tk.id, row);
  return row;
}

export function renderList() {
  const v = currentView();
  order = sortIds(v);
  for (const [id, node] of rowEls) if (!list.has(id)) { node.remove(); rowEls.delete(id); }
  let prev = null;
  for (const id of order) {
    const tk = list.get(id);
    const node = rowEls.get(id);
    const reuse = node && node.dataset.updated === tk.updated_at && node.classList.contains('unread') === unread.has(id);
    const row = reuse ? node : renderRow(tk);
    if (reuse) bindSla(row.querySelector('.sla-clock'), tk);   // a frame may bring newer SLA data
    row.classList.toggle('open', id === state.openTicketId);
    row.classList.toggle('selected', id === selectedId);
    row.setAttribute('aria-selected', id === selectedId ? 'true' : 'false');
    const want = prev ? prev.nextSibling : el.list.firstChild;
    if (want !== row) el.list.insertBefore(row, want);
    prev = row;
  }
  if (!order.length) {
    if (!el.list.querySelector('.empty')) el.list.appendChild(h('div', { class: 'empty' }, t('No tickets here.')));
  } else {
    const e = el.list.querySelector('.empty');
    if (e) e.remove();
  }
  const n = order.length;
  el.listInfo.textContent = listMore ? t('{n}+ tickets (first 100)', { n }) : (n === 1 ? t('1 ticket') : t('{n} tickets', { n }));
}

function flash(id) {
  const row = rowEls.get(id);
  if (!row) return;
  row.classList.remove('flash');
  void row.offsetWidth;
  row.classList.add('flash');
}

// Ticket changes seen lately: replayed over any list that was loading when they arrived, so a
// list answer that left the server before the change cannot undo it.
const recent = new Map();
const RECENT_MS = 30000;

function replayRecent() {
  const now = Date.now();
  for (const [id, r] of recent) {
    if (now - r.at > RECENT_MS) { recent.delete(id); continue; }
    upsert(r.tk, true);
  }
}

/** A ticket changed (stream or our own PATCH): put it where it belongs in every view. */
export function upsert(tk, replaying) {
  if (!tk || !tk.id) return;
  if (!replaying) recent.set(tk.id, { tk, at: Date.now() });
  const v = currentView();
  const visible = visibleToMe(tk);
  for (const view of views) {
    const c = caches.get(view.key);
    if (!c || !c.loaded) continue;
    const old = c.tickets.get(tk.id);
    if (old && (old.updated_at > tk.updated_at || (replaying && old.updated_at === tk.updated_at))) continue;
    if (visible && view.match(tk)) c.tickets.set(tk.id, tk); else c.tickets.delete(tk.id);
  }
  updateCounts();
  if (v) {
    const old = list.get(tk.id);
    if (old && (old.updated_at > tk.updated_at || (replaying && old.updated_at === tk.updated_at))) return;
    if (visible && v.match(tk) && matchesFilters(tk)) list.set(tk.id, tk); else list.delete(tk.id);
    renderList();
    if (!replaying) flash(tk.id);
  }
}

const pendingFetch = new Map();
/** A message arrived: refresh its ticket (status/updated_at may have moved) and mark activity. */
export function onMessage(ticketId, message) {
  if (message && message.kind === 'customer' && ticketId !== state.openTicketId) unread.add(ticketId);
  clearTimeout(pendingFetch.get(ticketId));
  pendingFetch.set(ticketId, setTimeout(async () => {
    pendingFetch.delete(ticketId);
    try { upsert((await get(`/tickets/${ticketId}`)).ticket); } catch { /* not visible any more */ }
  }, 600));
}

export function getListTicket(id) { return list.get(id); }

function openTicket(id) {
  selectedId = id;
  emit('open-ticket', id);
}

/** j/k: move the keyboard cursor; returns the newly selected id. */
export function moveSelection(delta) {
  if (!order.length) return null;
  let i = order.indexOf(selectedId ?? state.openTicketId);
  i = i < 0 ? (delta > 0 ? 0 : order.length - 1) : Math.max(0, Math.min(order.length - 1, i + delta));
  selectedId = order[i];
  renderList();
  const row = rowEls.get(selectedId);
  if (row) { row.scrollIntoView({ block: 'nearest' }); }
  return selectedId;
}

export function openSelected() {
  const id = selectedId ?? order[0];
  if (id) openTicket(id);
}

export function setTags(tags) {
  state.tags = tags;
  if (el.tag) options(el.tag, [['', t('Any tag')], ...tags.map((x) => [x.name, `${x.name} (${x.count})`])], filters.tag);
}
