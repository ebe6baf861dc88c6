// mail.js — the email channel in the console: how a message reached the desk ("via email"),
// quoted history folded behind a "•••" toggle, the delivery badge under a public reply (live
// from the stream's `delivery` frames), the "Original" link to the mail as it arrived, and the
// ticket's "Emails" panel (GET /tickets/{id}/outbox, acknowledgements included).

import { get, describe } from './api.js';
import { h, replace } from './dom.js';
import { t, formatTime, formatTimeLong, formatClock, CHANNEL_ICON } from './i18n.js';
import { on, emit, canSeePii } from './state.js';

const mail = {
  ticketId: null,
  channel: null,
  deliveries: new Map(),   // delivery id -> delivery
  byMessage: new Map(),    // message id -> delivery id
  unfolded: new Set(),     // message ids whose quoted text is shown (kept across re-renders)
  state: 'idle',           // idle | loading | loaded | error
  error: '',
  seq: 0,
  panel: null,
};

export function initMail() {
  mail.panel = h('section', { class: 'panel emails', testid: 'emails', hidden: true });
  on('ticket-loaded', (tk) => load(tk));
  on('ticket-changed', (tk) => { if (tk && tk.id === mail.ticketId) { mail.channel = tk.channel; renderPanel(); } });
  on('ticket-closed', () => { reset(null); renderPanel(); });
}

function reset(tk) {
  mail.seq++;
  mail.ticketId = tk ? tk.id : null;
  mail.channel = tk ? tk.channel : null;
  mail.deliveries = new Map();
  mail.byMessage = new Map();
  mail.unfolded = new Set();
  mail.state = 'idle';
  mail.error = '';
}

async function load(tk) {
  if (tk.id !== mail.ticketId) reset(tk);
  const seq = ++mail.seq;
  mail.state = 'loading';
  renderPanel();
  try {
    const res = await get(`/tickets/${tk.id}/outbox`);
    if (seq !== mail.seq) return;
    for (const d of res.deliveries || []) remember(d, false);
    mail.state = 'loaded';
  } catch (e) {
    if (seq !== mail.seq) return;
    mail.state = 'error';
    mail.error = describe(e);
  }
  renderPanel();
}

// ---- deliveries ---------------------------------------------------------------------------

// How far a delivery has come: more attempts, then finished over queued, then later finish.
function progress(d) {
  const rank = d.status === 'sending' ? 0 : d.status === 'queued' ? 1 : 2;
  return [d.attempts || 0, rank, Date.parse(d.finished_at || '') || 0];
}
function notOlder(known, d) {
  const a = progress(known), b = progress(d);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] > a[i];
  return true;
}

/**
 * Takes in what is known of a delivery. A `delivery` frame is the news itself and always wins;
 * a snapshot (inside a message, or from /outbox) only when it is not older than what we have,
 * because a frame may have overtaken the response that carried it. Returns whether it changed.
 */
function remember(d, fromFrame) {
  if (!d || d.id === undefined || d.id === null) return false;
  const known = mail.deliveries.get(d.id);
  if (known && !fromFrame && !notOlder(known, d)) return false;
  const merged = { ...known, ...d };
  if (known && JSON.stringify(known) === JSON.stringify(merged)) return false;
  mail.deliveries.set(d.id, merged);
  if (merged.message_id) mail.byMessage.set(merged.message_id, d.id);
  return true;
}

/** A message's delivery as the API gave it (GET, the reply's answer, a `message` frame). */
export function noteMessageDelivery(ticketId, m) {
  if (ticketId !== mail.ticketId || !m || !m.delivery) return;
  const d = { ...m.delivery, message_id: m.delivery.message_id ?? m.id };
  if (!remember(d, false)) return;
  renderPanel();
  emit('delivery-changed', mail.deliveries.get(d.id));
}

/** The best known delivery of a message, or null. */
export function deliveryOf(m) {
  const id = mail.byMessage.get(m.id);
  return (id !== undefined && mail.deliveries.get(id)) || m.delivery || null;
}

/** A `delivery` frame from the agent stream: {ticket_id, delivery}. */
export function onStreamDelivery(data) {
  const d = data && data.delivery;
  if (!d || data.ticket_id !== mail.ticketId) return;
  if (!remember(d, true)) return;
  renderPanel();
  const now = mail.deliveries.get(d.id);
  if (now.message_id) emit('delivery-changed', now);
}

/** {text, cls, time} of a delivery's state, the same words in the timeline and the panel. */
function describeDelivery(d) {
  const error = d.error || t('unknown error');
  switch (d.status) {
    case 'sent':
      return { cls: 'dl-sent', text: t('Sent to {to}', { to: d.to || '' }), time: d.finished_at };
    case 'failed':
      return { cls: 'dl-failed', text: t('Not delivered: {error}', { error }), time: d.finished_at };
    case 'skipped':
      return { cls: 'dl-skipped', text: t('Not emailed — read in chat'), time: d.finished_at };
    case 'sending': // handed to the relay right now
      return { cls: 'dl-queued', text: t('Sending…') };
    case 'queued':
      // A first attempt in flight has no error yet: still "Sending…".
      if ((d.attempts || 0) > 0 && d.error) {
        return { cls: 'dl-retrying', text: d.next_attempt_at
          ? t('Retrying — {error}, next try at {time}', { error, time: formatClock(d.next_attempt_at) })
          : t('Retrying — {error}', { error }) };
      }
      return { cls: 'dl-queued', text: t('Sending…') };
    default:
      return { cls: '', text: d.status || '' };
  }
}

/** The badge under a public reply that went (or goes) out by email; null when none. */
export function deliveryBadge(d) {
  if (!d) return null;
  const s = describeDelivery(d);
  return h('div', { class: `delivery ${s.cls}`, testid: 'delivery', dataset: { status: d.status, attempts: d.attempts ?? 0 },
    title: d.to ? `${t('Email to {to}', { to: d.to })}` : null },
  h('span', { class: 'delivery-icon', 'aria-hidden': 'true' }, CHANNEL_ICON.email), ' ',
  h('span', { class: 'delivery-text' }, s.text),
  s.time ? [' · ', h('time', { datetime: s.time, title: formatTimeLong(s.time) }, formatTime(s.time))] : null);
}

/** Replace the badge of one message in the timeline (live update). */
export function refreshBadge(timeline, d) {
  if (!timeline || !d || !d.message_id) return;
  const node = timeline.querySelector(`[data-testid="message"][data-id="${Number(d.message_id)}"]`);
  if (!node) return;
  const badge = deliveryBadge(d);
  const old = node.querySelector('[data-testid="delivery"]');
  if (old) old.replaceWith(badge);
  else node.appendChild(badge);
}

// ---- a message's mail parts ---------------------------------------------------------------

/** "✉ via email" beside the author; null for messages without a recorded channel. */
export function viaLabel(m) {
  if (!m.via) return null;
  return h('span', { class: `msg-via via-${m.via}`, testid: 'via', dataset: { via: m.via } },
    `${CHANNEL_ICON[m.via] || '•'} ${t(`via ${m.via}`)}`);
}

/** The "Original" link (the .eml as it arrived) for roles that may see it; null otherwise. */
export function originalLink(m) {
  const url = m.original_url && String(m.original_url);
  if (!url || !url.startsWith('/api/v1/tickets/') || !canSeePii()) return null;
  return h('a', { class: 'msg-original', href: url, download: `message-${m.id}.eml`, testid: 'original',
    title: t('Download the mail as it arrived (.eml)') }, t('Original'));
}

/**
 * The text of a message: body_visible (what the sender wrote now) with the quoted history and
 * signature behind a toggle, or the whole body. Text nodes only.
 */
export function bodyParts(m) {
  const body = String(m.body ?? '');
  const visible = typeof m.body_visible === 'string' ? m.body_visible : null;
  if (visible === null || visible.length >= body.length) return [body];
  const rest = body.startsWith(visible) ? body.slice(visible.length) : body;
  const open = mail.unfolded.has(m.id);
  const qid = `quoted-${m.id}`;
  const quoted = h('div', { class: 'msg-quoted', id: qid, testid: 'quoted', hidden: !open }, rest.replace(/^\n+/, '').trimEnd());
  const toggle = h('button', { type: 'button', class: 'fold-toggle', testid: 'quoted-toggle', 'aria-controls': qid,
    'aria-expanded': String(open), 'aria-label': open ? t('Hide quoted text') : t('Show quoted text'),
    title: open ? t('Hide quoted text') : t('Show quoted text') }, '•••');
  toggle.addEventListener('click', () => {
    const show = toggle.getAttribute('aria-expanded') !== 'true';
    if (show) mail.unfolded.add(m.id); else mail.unfolded.delete(m.id);
    toggle.setAttribute('aria-expanded', String(show));
    const label = show ? t('Hide quoted text') : t('Show quoted text');
    toggle.setAttribute('aria-label', label);
    toggle.title = label;
    quoted.hidden = !show;
  });
  return [visible.trimEnd(), h('div', { class: 'msg-fold' }, toggle), quoted];
}

// ---- the Emails panel ---------------------------------------------------------------------

/** The panel's element (persistent; the customer pane places it). */
export function emailsPanel() { return mail.panel; }

function renderPanel() {
  const p = mail.panel;
  if (!p) return;
  const list = [...mail.deliveries.values()].sort((a, b) => a.id - b.id);
  p.hidden = !mail.ticketId || (mail.channel !== 'email' && !list.length);
  if (p.hidden) { replace(p); return; }
  let content;
  if (list.length) {
    content = h('ul', { class: 'outbox', testid: 'outbox' }, list.map((d) => {
      const s = describeDelivery(d);
      return h('li', { class: 'outbox-item', testid: 'outbox-item', dataset: { id: d.id, kind: d.kind, status: d.status } },
        h('div', { class: 'outbox-head' },
          h('span', { class: 'outbox-kind' }, d.kind === 'ack' ? t('Acknowledgement') : t('Reply')),
          h('span', { class: 'outbox-to ident' }, d.to || '')),
        h('div', { class: `delivery ${s.cls}` }, s.text,
          s.time ? [' · ', h('time', { datetime: s.time, title: formatTimeLong(s.time) }, formatTime(s.time))] : null));
    }));
  } else if (mail.state === 'loading' || mail.state === 'idle') {
    content = h('div', { class: 'muted' }, t('Loading…'));
  } else if (mail.state === 'error') {
    content = h('div', { class: 'error' }, `${t('Could not load the emails')}: ${mail.error}`);
  } else {
    content = h('div', { class: 'muted' }, t('No emails sent yet.'));
  }
  replace(p, h('h2', { class: 'panel-title' }, t('Emails')), content);
}
