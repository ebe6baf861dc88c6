// conversation.js — the open ticket: header (status, priority, group, assignee, tags, SLA,
// links), the message timeline (its email parts — via, folded quotes, delivery badges, the
// original — come from mail.js), the customer's other tickets, and who else is looking at it
// (viewing heartbeat every 15 s, typing/viewers from the stream).

import { get, post, patch, getAll, describe } from './api.js';
import { h, $, replace, options } from './dom.js';
import { t, formatTime, formatTimeLong, languageName, CHANNEL_ICON } from './i18n.js';
import { state, on, emit, STATUSES, PRIORITIES, TRANSITIONS, canWrite, agentName, groupName, assignableAgents } from './state.js';
import { toast } from './toast.js';
import { mountComposer, composerTicketChanged, noteIncomingMessage } from './composer.js';
import { bodyParts, viaLabel, originalLink, deliveryBadge, deliveryOf, noteMessageDelivery, refreshBadge } from './mail.js';
import { slaClock } from './sla.js';

const HEARTBEAT_MS = 15000;
const TYPING_TTL_MS = 8000;

export const conv = {
  id: null,
  ticket: null,
  messages: new Map(),   // id -> message
  viewers: [],           // other agents viewing, from the server
  typing: new Map(),     // key -> {name, type, until}
  readUpTo: 0,           // customer has read agent messages up to this id
  csat: undefined,
  links: null,           // [{kind, ticket_id, number, direction, ticket}] (ticket: null if not mine to see)
  heartbeat: null,
  loadSeq: 0,
};

const el = {};

export function initConversation() {
  el.root = $('#conversation');
  on('ticket-changed', (tk) => {
    if (!tk) return;
    if (tk.id === conv.id) { conv.ticket = tk; renderHeader(); composerTicketChanged(tk); }
    else if (linkedTicketChanged(tk)) renderHeader();
  });
  on('delivery-changed', (d) => refreshBadge(el.timeline, d));
  setInterval(() => { if (conv.ticket) renderViewers(); }, 1000);
  window.addEventListener('pagehide', () => leave(true));
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible' && conv.id) heartbeat(); });
  renderEmpty();
}

function renderEmpty() {
  replace(el.root, h('div', { class: 'conv-empty' },
    h('p', null, t('No ticket open')),
    h('p', { class: 'muted' }, t('Pick a ticket from the list, or press j / k and Enter. Press ? for all shortcuts.'))));
}

/** Open a ticket by id or number. */
export async function openTicket(ref) {
  const seq = ++conv.loadSeq;
  let ticket;
  try {
    ticket = (await get(`/tickets/${encodeURIComponent(ref)}`)).ticket;
  } catch (e) {
    if (seq !== conv.loadSeq) return;
    toast(e.status === 404 ? t('Ticket {r} not found', { r: ref }) : describe(e));
    return;
  }
  if (seq !== conv.loadSeq) return;
  if (conv.id !== ticket.id) leave(false);
  Object.assign(conv, { id: ticket.id, ticket, messages: new Map(), viewers: [], typing: new Map(), readUpTo: 0, csat: undefined, links: null });
  state.openTicketId = ticket.id;
  build();
  emit('ticket-opened', ticket.id);
  emit('ticket-loaded', ticket);
  heartbeat();
  clearInterval(conv.heartbeat);
  conv.heartbeat = setInterval(heartbeat, HEARTBEAT_MS);
  await Promise.all([loadMessages(seq), loadLinks(seq), loadHistory(seq), loadCsat(seq)]);
}

/** Stop viewing the current ticket (on switch, close, unload). */
export function leave(unloading) {
  clearInterval(conv.heartbeat);
  conv.heartbeat = null;
  if (!conv.id) return;
  const id = conv.id;
  post(`/tickets/${id}/viewing`, { viewing: false }, { keepalive: !!unloading }).catch(() => {});
  emit('ticket-leave', id);
}

/** Close the conversation pane; silent: the session is gone, tell the server nothing. */
export function closeTicket(silent) {
  if (silent === true) clearInterval(conv.heartbeat); else leave(false);
  conv.loadSeq++;
  conv.id = null; conv.ticket = null;
  state.openTicketId = null;
  renderEmpty();
  emit('ticket-closed');
}

async function heartbeat() {
  const id = conv.id;
  if (!id) return;
  try {
    const res = await post(`/tickets/${id}/viewing`, { viewing: true });
    if (id === conv.id && res && Array.isArray(res.viewers)) { conv.viewers = res.viewers; renderViewers(); }
  } catch (e) {
    if (e.status !== 0 && e.status !== 404 && e.status !== 401) console.warn('viewing', e);
  }
}

function build() {
  const tk = conv.ticket;
  el.header = h('header', { class: 'conv-header', testid: 'ticket-header' });
  el.viewers = h('div', { class: 'viewers', testid: 'viewers', 'aria-live': 'polite', hidden: true });
  el.history = h('details', { class: 'history', testid: 'history', hidden: true });
  el.timeline = h('div', { class: 'timeline', testid: 'timeline', lang: tk.language || null, 'aria-live': 'polite' });
  el.composer = h('div', { class: 'composer-wrap' });
  el.scroll = h('div', { class: 'conv-scroll' }, el.history, el.timeline);
  replace(el.root, el.header, el.viewers, el.scroll, el.composer);
  renderHeader();
  renderViewers();
  mountComposer(el.composer, tk, { onSent, onCollision, newestId });
}

function sel(testid, pairs, value, onchange, disabled) {
  const s = h('select', { testid, disabled: disabled || !canWrite(), 'aria-label': testid });
  options(s, pairs, value);
  s.addEventListener('change', () => onchange(s.value, s));
  return s;
}

export async function update(body, what) {
  const id = conv.id;
  try {
    const res = await patch(`/tickets/${id}`, body);
    emit('ticket-changed', res.ticket);
    if (what) toast(what, 'ok');
    return res.ticket;
  } catch (e) {
    toast(describe(e));
    if (id === conv.id) renderHeader();   // put the controls back to what the server says
    return null;
  }
}

function renderHeader() {
  const tk = conv.ticket;
  if (!tk || !el.header) return;
  // A live update must not eat what the agent is typing into the tag box.
  const oldInput = el.header.querySelector('[data-testid="tag-input"]');
  const keep = oldInput && oldInput.dataset.ticket === String(tk.id) ? oldInput.value : '';
  const hadFocus = oldInput && document.activeElement === oldInput;
  renderHeaderNow(tk);
  const input = el.header.querySelector('[data-testid="tag-input"]');
  if (input) {
    input.dataset.ticket = String(tk.id);
    if (keep) input.value = keep;
    if (hadFocus) input.focus();
  }
}

function renderHeaderNow(tk) {
  const writable = canWrite() && tk.status !== 'closed' && !tk.merged_into_id;
  const allowed = new Set([tk.status, ...(TRANSITIONS[tk.status] || [])]);
  const status = sel('status', STATUSES.map((s) => [s, t(s), !allowed.has(s)]), tk.status,
    (v) => update({ status: v }, t('Status set to {s}', { s: t(v) })), !writable);
  const priority = sel('priority', PRIORITIES.map((p) => [p, t(p)]), tk.priority,
    (v) => update({ priority: v }), !writable);
  const groups = [['', t('No group')], ...[...state.groups.values()].map((g) => [g.id, g.name])];
  const group = sel('group', groups, tk.group_id ?? '', (v) => {
    const gid = v === '' ? null : Number(v);
    const body = { group_id: gid };
    const a = tk.assignee_id && state.agents.get(tk.assignee_id);
    if (gid !== null && a && !(a.groups || []).includes(gid)) body.assignee_id = null;
    update(body, t('Moved to {g}', { g: gid === null ? t('No group') : groupName(gid) }));
  }, !writable);
  const agents = assignableAgents(tk.group_id);
  const agentPairs = [['', t('Unassigned')], ...agents.map((a) => [a.id, `${a.name}${a.presence === 'online' ? ' ●' : ''}`])];
  if (tk.assignee_id && !agents.some((a) => a.id === tk.assignee_id)) agentPairs.push([tk.assignee_id, agentName(tk.assignee_id)]);
  const assignee = sel('assignee', agentPairs, tk.assignee_id ?? '',
    (v) => update({ assignee_id: v === '' ? null : Number(v) }, v === '' ? t('Unassigned') : t('Assigned to {a}', { a: agentName(Number(v)) })), !writable);
  const mine = tk.assignee_id === state.me.id;
  const r = tk.requester || {};
  replace(el.header,
    h('div', { class: 'conv-title' },
      h('span', { class: 'conv-number', testid: 'ticket-number' }, tk.number),
      h('h1', { class: 'conv-subject', lang: tk.language || null, testid: 'ticket-subject' }, tk.subject),
      h('button', { class: 'icon-btn', title: t('Close'), 'aria-label': t('Close'), testid: 'close-ticket', onclick: () => { closeTicket(); location.hash = ''; } }, '×')),
    h('div', { class: 'conv-meta' },
      h('span', { class: `channel ch-${tk.channel}` }, `${CHANNEL_ICON[tk.channel] || ''} ${tk.channel}`),
      h('span', { class: 'badge lang', title: languageName(tk.language) }, tk.language || '—'),
      tk.vip ? h('span', { class: 'badge vip' }, `VIP ${r.vip_tier || ''}`) : null,
      tk.category ? h('span', { class: 'muted' }, tk.category) : null,
      h('span', { class: 'muted', title: formatTimeLong(tk.created_at) }, `${t('Created')} ${formatTime(tk.created_at)}`),
      slaClock(tk, { testid: 'ticket-sla' }),
      h('span', { class: 'csat-slot', testid: 'csat',
        hidden: conv.csat === undefined || (conv.csat === null && !['solved', 'closed'].includes(tk.status)) }, csatText(conv.csat)),
      conv.links ? conv.links.map(linkChip) : null),
    h('div', { class: 'conv-controls' },
      h('label', null, h('span', null, t('Status')), status),
      h('label', null, h('span', null, t('Priority')), priority),
      h('label', null, h('span', null, t('Group')), group),
      h('label', null, h('span', null, t('Assignee')), assignee),
      canWrite() ? h('button', { class: 'btn', testid: 'assign-me', disabled: mine || !writable, onclick: assignMe,
        title: t('Assign to me (a)') }, mine ? t('Assigned to you') : t('Assign to me')) : null,
      canWrite() ? h('button', { class: 'btn', testid: 'escalate', disabled: !writable, onclick: () => emit('escalate'),
        title: t('Escalate (e)') }, t('Escalate')) : null,
      canWrite() ? h('button', { class: 'btn', testid: 'merge', disabled: !writable, onclick: () => emit('merge'),
        title: t('Merge into another ticket') }, t('Merge')) : null),
    renderTags(tk, writable),
    tk.merged_into_id ? h('div', { class: 'notice' }, t('This ticket was merged into another one.'), ' ',
      h('a', { href: `#/ticket/${tk.merged_into_id}` }, t('Open it'))) : null);
}

/** A linked ticket: what it is to this one, its number, and (when I may see it) group and status. */
function linkChip(l) {
  const o = l.ticket;
  return h('a', {
    href: `#/ticket/${encodeURIComponent(l.number)}`, class: 'link-chip', testid: 'ticket-link', title: o ? o.subject : null,
    dataset: { kind: l.kind, direction: l.direction, number: l.number, status: o ? o.status : null },
  },
  h('span', { testid: 'link-label' }, linkLabel(l)), ' ', h('span', { class: 'link-number' }, l.number),
  o ? [' · ', h('span', { class: 'link-group', testid: 'link-group' }, o.group_id ? groupName(o.group_id) : t('No group')),
    ' ', h('span', { class: `status st-${o.status}`, testid: 'link-status' }, t(o.status))] : null);
}

function linkLabel(l) {
  if (l.kind === 'escalation') return l.direction === 'parent' ? t('Escalated from') : t('Escalated to');
  if (l.kind === 'followup') return l.direction === 'parent' ? t('Follow-up of') : t('Follow-up');
  if (l.kind === 'merged') return l.direction === 'parent' ? t('Merged from') : t('Merged into');
  return l.kind;
}

function renderTags(tk, writable) {
  const tags = tk.tags || [];
  const input = h('input', { class: 'tag-input', testid: 'tag-input', placeholder: t('Add tag…'), list: 'tag-options',
    maxlength: '64', hidden: !writable, 'aria-label': t('Add tag') });
  const add = () => {
    const v = input.value.trim().toLowerCase();
    if (!v) return;
    if (tags.includes(v)) { input.value = ''; return; }
    if (tags.length >= 30) { toast(t('A ticket holds at most 30 tags')); return; }
    input.value = '';
    update({ tags: [...tags, v] }).then((ok) => {
      const now = !ok && el.header.querySelector('[data-testid="tag-input"]');
      if (now) now.value = v;
    });
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ',') { e.preventDefault(); add(); }
  });
  return h('div', { class: 'tags', testid: 'tags' },
    tags.map((tag) => h('span', { class: 'tag', testid: 'tag', dataset: { tag } }, tag,
      writable ? h('button', { class: 'tag-x', title: t('Remove tag'), 'aria-label': `${t('Remove tag')} ${tag}`,
        onclick: () => update({ tags: tags.filter((x) => x !== tag) }) }, '×') : null)),
    input);
}

export function assignMe() {
  if (!conv.ticket || !canWrite()) return;
  if (conv.ticket.assignee_id === state.me.id) return;
  const gid = conv.ticket.group_id;
  if (gid && !(state.me.groups || []).includes(gid) && state.me.role === 'agent') {
    toast(t('You are not a member of {g}', { g: groupName(gid) }));
  }
  update({ assignee_id: state.me.id }, t('Assigned to you'));
}

export function setStatus(s) {
  if (!conv.ticket || !canWrite()) return;
  if (conv.ticket.status === s) return;
  if (!(TRANSITIONS[conv.ticket.status] || []).includes(s)) {
    toast(t('Cannot change status from {a} to {b}', { a: t(conv.ticket.status), b: t(s) }));
    return;
  }
  update({ status: s }, t('Status set to {s}', { s: t(s) }));
}

// ---- messages -------------------------------------------------------------------------

async function loadMessages(seq) {
  try {
    const msgs = await getAll(`/tickets/${conv.id}/messages`, 'messages', {}, 2000);
    if (seq !== conv.loadSeq) return [];
    const fresh = [];
    for (const m of msgs) {
      if (!conv.messages.has(m.id)) fresh.push(m);
      conv.messages.set(m.id, m);
      noteMessageDelivery(conv.id, m);
    }
    renderMessages();
    scrollToBottom();
    markRead();
    return fresh;
  } catch (e) {
    if (seq === conv.loadSeq) replace(el.timeline, h('div', { class: 'error' }, `${t('Could not load messages')}: ${describe(e)}`));
    return [];
  }
}

/** Reload messages after a collision; returns the ones that were not shown before. */
export async function reloadMessages() {
  const before = new Set(conv.messages.keys());
  await loadMessages(conv.loadSeq);
  const fresh = [...conv.messages.keys()].filter((id) => !before.has(id));
  for (const id of fresh) {
    const node = el.timeline.querySelector(`[data-id="${id}"]`);
    if (node) node.classList.add('fresh');
  }
  const first = fresh.length && el.timeline.querySelector(`[data-id="${Math.min(...fresh)}"]`);
  if (first) first.scrollIntoView({ block: 'center' });
  return fresh;
}

function newestId() {
  let max = 0;
  for (const id of conv.messages.keys()) if (id > max) max = id;
  return max || null;
}

function renderMessage(m) {
  const kind = m.kind;
  const author = (m.author && m.author.name) || (kind === 'system' ? t('System') : '');
  if (kind === 'system') {
    return h('div', { class: 'msg msg-system', testid: 'message', dataset: { kind, id: m.id } },
      h('span', null, m.body), ' ', h('time', { datetime: m.created_at, title: formatTimeLong(m.created_at) }, formatTime(m.created_at)));
  }
  const seen = kind === 'reply' && conv.readUpTo >= m.id;
  return h('div', { class: `msg msg-${kind}`, testid: 'message', dataset: { kind, id: m.id, via: m.via || null } },
    h('div', { class: 'msg-meta' },
      kind === 'note' ? h('span', { class: 'note-label' }, t('Internal note')) : null,
      h('span', { class: 'msg-author' }, author),
      viaLabel(m),
      h('time', { datetime: m.created_at, title: formatTimeLong(m.created_at) }, formatTime(m.created_at)),
      seen ? h('span', { class: 'seen', title: t('The customer has read this') }, t('Seen')) : null,
      originalLink(m)),
    h('div', { class: 'msg-body' }, bodyParts(m), renderAttachments(m.attachments)),
    kind === 'reply' ? deliveryBadge(deliveryOf(m)) : null);
}

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
function renderAttachments(list) {
  if (!Array.isArray(list) || !list.length) return null;
  return h('div', { class: 'attachments' }, list.map((a) => {
    const url = String(a.url || `/api/v1/attachments/${a.id}`);
    if (!url.startsWith('/api/v1/attachments/')) return null;   // only our own files
    const label = `${a.filename || t('attachment')} (${Math.ceil((a.size || 0) / 1024)} KB)`;
    return h('a', { class: 'attachment', href: url, target: '_blank', rel: 'noopener', testid: 'attachment' },
      IMAGE_TYPES.has(a.content_type) ? h('img', { src: url, alt: a.filename || '', loading: 'lazy' }) : null,
      h('span', null, label));
  }));
}

function renderMessages() {
  const list = [...conv.messages.values()].sort((a, b) => a.id - b.id);
  replace(el.timeline, list.length ? list.map(renderMessage) : h('div', { class: 'muted' }, t('No messages yet.')));
}

function scrollToBottom() { if (el.scroll) el.scroll.scrollTop = el.scroll.scrollHeight; }

function addMessage(m) {
  if (conv.messages.has(m.id)) { if (m.delivery) noteMessageDelivery(conv.id, m); return false; }
  noteMessageDelivery(conv.id, m);
  const nearBottom = el.scroll.scrollHeight - el.scroll.scrollTop - el.scroll.clientHeight < 120;
  conv.messages.set(m.id, m);
  const node = renderMessage(m);
  const after = [...el.timeline.querySelectorAll('[data-testid="message"]')].find((n) => Number(n.dataset.id) > m.id);
  const placeholder = el.timeline.querySelector('.muted');
  if (placeholder) placeholder.remove();
  el.timeline.insertBefore(node, after || null);
  if (nearBottom) scrollToBottom();
  return true;
}

function markRead() {
  const list = [...conv.messages.values()].filter((m) => m.kind === 'customer');
  if (!list.length || !canWrite()) return;
  const last = list.reduce((a, b) => (a.id > b.id ? a : b));
  post(`/tickets/${conv.id}/read`, { message_id: last.id }).catch(() => {});
}

function onSent(message, ticket) {
  if (message) addMessage(message);
  scrollToBottom();
  if (ticket) emit('ticket-changed', ticket);
}

async function onCollision() {
  const id = conv.id;
  get(`/tickets/${id}`).then((r) => { if (r.ticket.id === conv.id) emit('ticket-changed', r.ticket); }).catch(() => {});
  return reloadMessages();
}

// ---- links, history, csat ---------------------------------------------------------------

async function loadLinks(seq) {
  let links = [];
  try {
    const res = await get(`/tickets/${conv.id}/links`);
    if (seq !== conv.loadSeq) return;
    links = res.links || [];
  } catch { /* no links shown */ }
  // The other ticket's group and status, if I may see it: searched by its number, which is an
  // empty list rather than a 404 when it lies outside my groups.
  await Promise.all(links.map(async (l) => {
    try {
      const res = await get('/tickets', { q: l.number, limit: 10 });
      l.ticket = res.tickets.find((x) => x.id === l.ticket_id) || null;
    } catch { l.ticket = null; }
  }));
  if (seq !== conv.loadSeq) return;
  conv.links = links;
  renderHeader();
}

/** A ticket frame (or our own change) for a linked ticket: its chip shows the new status. */
function linkedTicketChanged(tk) {
  let hit = false;
  for (const l of conv.links || []) {
    if (l.ticket_id !== tk.id || (l.ticket && l.ticket.updated_at > tk.updated_at)) continue;
    l.ticket = tk;
    hit = true;
  }
  return hit;
}

async function loadHistory(seq) {
  const cid = conv.ticket.requester && conv.ticket.requester.id;
  if (!cid) return;
  try {
    const res = await get('/tickets', { customer_id: cid, limit: 100 });
    if (seq !== conv.loadSeq) return;
    const others = res.tickets.filter((x) => x.id !== conv.id);
    emit('customer-tickets', { customerId: cid, tickets: res.tickets, more: !!res.next_cursor });
    el.history.hidden = !others.length;
    replace(el.history,
      h('summary', null, t('Other tickets from this customer ({n})', { n: others.length + (res.next_cursor ? '+' : '') })),
      h('ul', { class: 'history-list' }, others.map((x) => h('li', null,
        h('a', { href: `#/ticket/${encodeURIComponent(x.number)}`, testid: 'history-ticket', dataset: { id: x.id } },
          h('span', { class: 'row-number' }, x.number), ' ',
          h('span', { class: `status st-${x.status}` }, t(x.status)), ' ',
          h('span', { lang: x.language || null }, x.subject), ' ',
          h('span', { class: 'muted' }, formatTime(x.created_at)))))));
  } catch { /* the panel says so */ }
}

function csatText(c) {
  if (c === undefined) return '';
  if (c === null) return t('CSAT: not rated');
  const stars = '★'.repeat(c.rating) + '☆'.repeat(Math.max(0, 5 - c.rating));
  return `CSAT ${stars} ${c.rating}/5${c.comment ? ` — “${c.comment}”` : ''}`;
}

async function loadCsat(seq) {
  try {
    const res = await get(`/tickets/${conv.id}/csat`);
    if (seq !== conv.loadSeq) return;
    conv.csat = res.csat;
  } catch { conv.csat = undefined; }
  renderHeader();
}

// ---- stream ------------------------------------------------------------------------------

export function onStreamMessage(data) {
  const m = data.message;
  if (!m || data.ticket_id !== conv.id) return;
  if (addMessage(m)) {
    if (m.kind === 'system') loadLinks(conv.loadSeq);   // escalated or merged: a new link
    const mine = m.author && m.author.type === 'agent' && m.author.id === state.me.id;
    if (!mine) noteIncomingMessage(m);
    if (m.kind === 'customer' && document.visibilityState === 'visible') markRead();
    // The author has stopped typing.
    const a = m.author || {};
    for (const [k, v] of conv.typing) {
      if ((a.type === 'customer' && v.type === 'customer') || (v.type === 'agent' && v.name === a.name)) conv.typing.delete(k);
    }
    renderViewers();
  }
}

export function onStreamTyping(data) {
  if (data.ticket_id !== conv.id || !data.who) return;
  const who = data.who;
  if (who.type === 'agent' && (who.id === state.me.id || (who.id === undefined && who.name === state.me.name))) return;
  const key = `${who.type}:${who.id ?? who.name}`;
  if (data.typing) conv.typing.set(key, { name: who.name, type: who.type, until: Date.now() + TYPING_TTL_MS });
  else conv.typing.delete(key);
  renderViewers();
}

export function onStreamViewers(data) {
  if (data.ticket_id !== conv.id || !Array.isArray(data.viewers)) return;
  conv.viewers = data.viewers;
  renderViewers();
}

export function onStreamRead(data) {
  if (data.ticket_id !== conv.id || data.by !== 'customer') return;
  if (data.message_id > conv.readUpTo) { conv.readUpTo = data.message_id; renderMessages(); }
}

export function onStreamCsat(data) {
  const tid = data.ticket_id ?? (data.csat && data.csat.ticket_id);
  if (tid !== conv.id) return;
  conv.csat = data.csat ?? data;
  renderHeader();
}

function renderViewers() {
  if (!el.viewers) return;
  const now = Date.now();
  for (const [k, v] of conv.typing) if (v.until < now) conv.typing.delete(k);
  const typingAgents = new Set([...conv.typing.values()].filter((v) => v.type === 'agent').map((v) => v.name));
  const others = conv.viewers.filter((v) => v.agent_id !== state.me.id);
  const parts = [];
  for (const v of others) parts.push(`${v.name}${v.typing || typingAgents.has(v.name) ? ` (${t('typing…')})` : ''}`);
  for (const name of typingAgents) if (!others.some((v) => v.name === name)) parts.push(`${name} (${t('typing…')})`);
  const customerTyping = [...conv.typing.values()].some((v) => v.type === 'customer');
  const text = [parts.length ? `${t('Also here:')} ${parts.join(', ')}` : '', customerTyping ? t('The customer is typing…') : '']
    .filter(Boolean).join(' · ');
  if (el.viewers.textContent !== text) el.viewers.textContent = text;
  el.viewers.hidden = !text;
  el.viewers.classList.toggle('someone-typing', parts.some((p) => p.includes(t('typing…'))));
}
