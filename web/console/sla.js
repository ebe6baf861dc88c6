// sla.js — SLA countdowns in the ticket list and the open ticket's header. Of a ticket's clocks
// (first response, next response, resolution: docs/api.md) the one that matters now is shown:
// a running response clock, else a response clock paused while it waits for us, else the
// resolution clock. It counts down from due_at on the server's clock (api.js serverNow), turns
// amber at warn_at and red at due_at — decided here, to the millisecond, not at the next server
// update — and then counts up ("Breached 0:12 ago"). A paused clock says "Paused"; an answered
// wait shows a check mark ("Replied in 0:34"). One timer repaints every clock on the page,
// waking when the next one changes.

import { h } from './dom.js';
import { t, formatClock } from './i18n.js';
import { serverNow } from './api.js';

const RESPONSES = ['first_response', 'next_response'];
const METRIC = { first_response: 'First response', next_response: 'Next response', resolution: 'Resolution' };
const POLICY = {
  chat: 'chat policy', 'vip-chat': 'VIP chat policy', 'urgent-chat': 'urgent chat policy',
  vip: 'VIP policy', urgent: 'urgent policy', standard: 'standard policy',
};

const clocks = new WeakMap();   // .sla-clock element -> {tk, compact, label, replied, timer}
let timer = null;

const instant = (iso) => {
  const v = Date.parse(iso || '');
  return Number.isFinite(v) ? v : null;
};
const pad = (n) => String(n).padStart(2, '0');

/** "0:34", "1:42", "1:02:07": whole seconds of ms (≥ 0), h:mm:ss from an hour on. */
export function clockText(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  return hh ? `${hh}:${pad(mm)}:${pad(ss)}` : `${mm}:${pad(ss)}`;
}

function metricName(key) { return t(METRIC[key] || key); }
function policyName(p) { return POLICY[p] ? t(POLICY[p]) : t('{policy} policy', { policy: p || '?' }); }

/** The clock that matters now: {key, m} or null. */
export function urgentClock(sla) {
  if (!sla) return null;
  for (const key of RESPONSES) if (sla[key] && sla[key].clock === 'running') return { key, m: sla[key] };
  for (const key of RESPONSES) if (sla[key] && sla[key].clock === 'paused') return { key, m: sla[key] };
  return sla.resolution ? { key: 'resolution', m: sla.resolution } : null;
}

/** The latest customer wait, when we answered it: {key, m} or null. */
function lastReply(sla) {
  const next = sla && sla.next_response;
  const key = next && next.clock !== 'idle' ? 'next_response' : 'first_response';
  const m = sla && sla[key];
  return m && m.clock === 'fulfilled' ? { key, m } : null;
}

/** For ordering a list: whether the clock that matters is past due, and when it is due. */
export function slaUrgency(tk, now = serverNow()) {
  const c = urgentClock(tk && tk.sla);
  const due = c && c.m.clock === 'running' ? instant(c.m.due_at) : null;
  if (due === null) return { breached: false, due: Infinity };
  return { breached: now >= due, due };
}

/**
 * What a ticket's SLA looks like at `now` (server ms): {state, metric, policy, text, title,
 * aria, replied, wait}. state: due | warn | breached | paused | none; replied: {text, title,
 * late} or null; wait: ms until the picture changes (Infinity when it will not by itself).
 */
export function slaView(sla, now = serverNow()) {
  const out = { state: 'none', metric: '', policy: '', text: '', title: '', aria: '', replied: null, wait: Infinity };
  if (!sla) return out;
  out.policy = sla.policy || '';
  const head = (key) => `${metricName(key)} · ${policyName(sla.policy)} · `;
  const c = urgentClock(sla);
  if (c && c.key === 'resolution') {
    const r = lastReply(sla);
    if (r) {
      const took = clockText(Math.max(0, (r.m.target_seconds - r.m.remaining_seconds) * 1000));
      out.replied = {
        text: t('Replied in {time}', { time: took }),
        late: !!r.m.breached_at || r.m.remaining_seconds < 0,
        title: head(r.key) + t('replied in {time}, target {target}', { time: took, target: clockText(r.m.target_seconds * 1000) }),
      };
    }
  }
  if (!c) return out;
  const m = c.m;
  const name = metricName(c.key);
  out.metric = c.key;
  if (m.clock === 'paused') {
    const left = m.remaining_seconds * 1000;
    out.state = 'paused';
    out.text = t('Paused');
    out.title = head(c.key) + (left >= 0 ? t('paused with {time} left', { time: clockText(left) })
      : t('paused, {time} overdue', { time: clockText(-left) }));
    out.aria = t('{metric}: paused', { metric: name });
    return out;
  }
  const due = m.clock === 'running' ? instant(m.due_at) : null;
  if (due === null) return out;
  const left = due - now;
  if (left > 0) {
    const warn = instant(m.warn_at);
    const shown = Math.ceil(left / 1000) * 1000;
    out.state = warn !== null && now >= warn ? 'warn' : 'due';
    out.text = clockText(shown);
    out.title = head(c.key) + t('due {time}', { time: formatClock(m.due_at) });
    out.aria = t('{metric}: {time} left', { metric: name, time: out.text });
    out.wait = left - (shown - 1000);
    if (warn !== null && now < warn) out.wait = Math.min(out.wait, warn - now);
  } else {
    const over = clockText(now - due);
    out.state = 'breached';
    out.text = t('Breached {time} ago', { time: over });
    out.title = head(c.key) + t('breached at {time}', { time: formatClock(new Date(due).toISOString()) });
    out.aria = t('{metric}: breached {time} ago', { metric: name, time: over });
    out.wait = 1000 - ((now - due) % 1000);
  }
  return out;
}

/**
 * A ticket's SLA clock element (kept current by the ticker). opts.compact: the list row's
 * form (no metric label, the check mark without its words); opts.testid.
 */
export function slaClock(tk, opts = {}) {
  const parts = {
    compact: !!opts.compact,
    label: opts.compact ? null : h('span', { class: 'sla-label' }),
    replied: h('span', { class: 'sla-replied', testid: 'sla-replied', hidden: true }),
    timer: h('span', { class: 'sla-timer', testid: 'sla-timer', role: 'timer', 'aria-live': 'off', 'aria-atomic': 'true' }),
  };
  const node = h('span', { class: 'sla sla-clock', testid: opts.testid || 'sla' }, parts.replied, parts.label, parts.timer);
  clocks.set(node, parts);
  bindSla(node, tk);
  return node;
}

/** Give a clock element a ticket's newer data (a `ticket` frame, a reload). */
export function bindSla(node, tk) {
  const parts = node && clocks.get(node);
  if (!parts) return;
  parts.tk = tk;
  paint(node, parts, serverNow());
  if (timer === null) schedule(0);
}

function set(node, attr, value) {
  if (value === null || value === '') { if (node.hasAttribute(attr)) node.removeAttribute(attr); }
  else if (node.getAttribute(attr) !== value) node.setAttribute(attr, value);
}
function text(node, value) { if (node.textContent !== value) node.textContent = value; }

/** Brings one clock element up to `now`; returns ms until it changes next. */
function paint(node, parts, now) {
  const v = slaView(parts.tk && parts.tk.sla, now);
  const cls = `sla sla-clock sla-${v.state}${v.replied ? ' has-replied' : ''}`;
  if (node.className !== cls) node.className = cls;
  set(node, 'data-state', v.state);
  set(node, 'data-metric', v.metric);
  set(node, 'data-policy', v.policy);
  const r = v.replied;
  parts.replied.hidden = !r;
  if (r) {
    parts.replied.classList.toggle('late', r.late);
    set(parts.replied, 'title', r.title);
    if (parts.replied.dataset.text !== r.text) {
      parts.replied.dataset.text = r.text;
      parts.replied.replaceChildren(h('span', { class: 'sla-check', 'aria-hidden': 'true' }, '✓'),
        h('span', { class: parts.compact ? 'sr-only' : 'sla-replied-text' }, r.text));
    }
  }
  if (parts.label) {
    parts.label.hidden = v.state === 'none';
    text(parts.label, v.state === 'none' ? '' : metricName(v.metric));
  }
  parts.timer.hidden = v.state === 'none';
  text(parts.timer, v.text);
  set(parts.timer, 'title', v.title);
  set(parts.timer, 'aria-label', v.aria);
  return v.wait;
}

function schedule(ms) {
  clearTimeout(timer);
  timer = setTimeout(tick, ms);
}

// One timer for every clock on the page: it wakes when the next one changes (at most a second
// away), so a countdown turns red at its due instant, not up to a second later.
function tick() {
  const now = serverNow();
  let wait = 1000;
  for (const node of document.querySelectorAll('.sla-clock')) {
    const parts = clocks.get(node);
    if (parts) wait = Math.min(wait, paint(node, parts, now));
  }
  schedule(Math.max(1, wait));
}
