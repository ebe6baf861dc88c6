// hold_panel.js — a held withdrawal on its ticket (docs/exchange/withdrawal-holds.md): the
// reasons with their severity, the lookalike address diff (differing characters highlighted,
// the rest dimmed), amount / asset / network / memo, the verification checklist with its
// buttons, and release / approve / cancel with the second-approval state. The approve button is
// shown only when the server says this agent may approve (`can.approve`: never the requester).
// The last connector error stays on the panel until a call goes through.
//
// The panel sits between the conversation's header and its timeline (scrolling on its own, so
// the timeline keeps its place), put there when a ticket opens (conversation.js builds the
// pane; this module only adds its own section to it). Loaded from
// GET /tickets/{id}/holds; reloaded after each of its own actions and on every new message of
// the ticket (a release or cancel by another agent arrives as their reply). Every address,
// reason and label is a text node (dom.js h()): nothing here parses HTML.

import { get, post, describe } from './api.js';
import { h, $, replace } from './dom.js';
import { t, formatTime } from './i18n.js';
import { on, canWrite, agentName } from './state.js';
import { toast } from './toast.js';

const ITEMS = ['two_factor', 'kyc', 'details_confirmed', 'scam_questions'];
const QUESTIONS = [
  ['asked_by_someone', 'Did someone ask you to send this?'],
  ['promised_returns', 'Did someone promise you returns or a refund for it?'],
  ['remote_guidance', 'Is someone guiding you (screen sharing, a call, remote access)?'],
  ['urgency_pressure', 'Were you told it is urgent or your account is at risk?'],
  ['knows_recipient', 'Do you know and control the receiving wallet?'],
];
const ITEM_LABEL = {
  two_factor: 'Fresh 2FA confirmed', kyc: 'KYC verified',
  details_confirmed: 'Customer confirmed address, network, memo and amount', scam_questions: 'Scam-screening questions',
};
const SEVERITY = { warn: 'Warning', hold: 'Hold', hold_second: 'Hold · second approver' };
const STATE_LABEL = {
  holding: 'Held (hold not confirmed by the exchange)', held: 'Held', release_requested: 'Waiting for a second approver',
  released: 'Released', cancelled: 'Cancelled',
};

const p = { ticketId: null, holds: [], customerMessages: [], seq: 0, busy: false, challenge: {} };
let root = null;

export function initHoldPanel() {
  on('ticket-opened', (id) => { p.ticketId = id; p.holds = []; p.challenge = {}; load(); });
  on('ticket-closed', () => { p.ticketId = null; p.seq++; remove(); });
}

/** The stream's `message` frames (app.js). */
export function onHoldMessage(data) {
  if (p.ticketId && data && data.ticket_id === p.ticketId && p.holds.length) load();
}

function remove() {
  if (root) root.remove();
  root = null;
}

async function load() {
  const id = p.ticketId, seq = ++p.seq;
  if (!id) return;
  let holds;
  try {
    holds = (await get(`/tickets/${id}/holds`)).holds || [];
  } catch (e) {
    if (e.status !== 403 && e.status !== 404) console.warn('holds', e);
    holds = [];
  }
  if (seq !== p.seq || id !== p.ticketId) return;
  p.holds = holds;
  if (!holds.length) { remove(); return; }
  try {
    const msgs = (await get(`/tickets/${id}/messages`, { limit: 100 })).messages || [];
    p.customerMessages = msgs.filter((m) => m.kind === 'customer');
  } catch (e) {
    p.customerMessages = [];
  }
  if (seq !== p.seq) return;
  render();
}

function mount() {
  const scroll = $('#conversation .conv-scroll');
  if (!scroll) return null;
  if (!root || !root.isConnected) {
    root = h('section', { class: 'hold-panel', testid: 'hold-panel', 'aria-label': t('Withdrawal hold') });
    scroll.before(root);
  }
  return root;
}

function render() {
  const r = mount();
  if (!r) return;
  const top = r.scrollTop;   // a reload must not move what the agent is reading
  replace(r, p.holds.map(renderHold));
  r.scrollTop = top;
}

async function act(hold, path, body, done) {
  if (p.busy) return;
  p.busy = true;
  try {
    const res = await post(`/holds/${hold.id}/${path}`, body || {});
    if (done) done(res);
  } catch (e) {
    toast(describe(e));
  } finally {
    p.busy = false;
    load();
  }
}

function renderHold(hold) {
  const open = ['held', 'holding', 'release_requested'].includes(hold.state);
  return h('article', { class: `hold hold-${hold.state}`, testid: 'hold', dataset: { id: hold.id, state: hold.state } },
    h('header', { class: 'hold-head' },
      h('strong', null, t('Withdrawal {id} on hold', { id: hold.withdrawal_id })), ' ',
      h('span', { class: `hold-state hold-state-${hold.state}`, testid: 'hold-state', dataset: { state: hold.state } },
        t(STATE_LABEL[hold.state] || hold.state)),
      hold.second_approval ? h('span', { class: 'hold-badge', testid: 'hold-second' }, t('Second approval needed')) : null,
      hold.compliance ? h('span', { class: 'hold-badge hold-badge-red' }, t('Compliance decides')) : null),
    hold.last_error ? h('p', { class: 'hold-error', testid: 'hold-error', role: 'alert' }, t('Exchange: {e}', { e: hold.last_error })) : null,
    h('dl', { class: 'hold-facts' },
      h('dt', null, t('Amount')), h('dd', { testid: 'hold-amount' }, `${hold.amount} ${hold.asset}`),
      h('dt', null, t('Network')), h('dd', null, hold.network),
      h('dt', null, t('Address')), h('dd', { class: 'mono', testid: 'hold-address' }, hold.address),
      h('dt', null, t('Memo')), h('dd', { class: 'mono' }, hold.memo || '—'),
      h('dt', null, t('Risk score')), h('dd', null, String(hold.score))),
    hold.diff ? renderDiff(hold.diff) : null,
    renderReasons(hold),
    renderChecklist(hold, open),
    renderActions(hold, open));
}

function renderReasons(hold) {
  return h('ul', { class: 'hold-reasons', testid: 'hold-reasons' }, (hold.hits || []).map((hit) =>
    h('li', { class: `hold-reason sev-${hit.severity}`, testid: 'hold-reason', dataset: { code: hit.code, severity: hit.severity } },
      h('span', { class: 'sev' }, t(SEVERITY[hit.severity] || hit.severity)), ' ', h('span', null, hit.text))));
}

function spans(list) {
  return (list || []).map((s) => h('span', { class: s.same ? 'diff-same' : 'diff-differ', testid: 'diff-span', dataset: { same: s.same ? '1' : '0' } }, s.text));
}

function renderDiff(d) {
  const where = { address_book: t('address book'), withdrawal: t('a past withdrawal'), deposit: t('a past deposit') }[d.origin] || d.origin;
  return h('div', { class: 'hold-diff', testid: 'hold-diff' },
    h('div', { class: 'diff-row' }, h('span', { class: 'diff-label' }, t('Destination')),
      h('code', { class: 'diff-addr', testid: 'diff-destination' }, spans(d.destination_spans))),
    h('div', { class: 'diff-row' }, h('span', { class: 'diff-label' }, t('Looks like')),
      h('code', { class: 'diff-addr', testid: 'diff-lookalike' }, spans(d.lookalike_spans))),
    h('p', { class: 'muted diff-note' },
      t('{n} characters differ; the first {a} and last {b} match — {where}', { n: d.differ, a: d.prefix, b: d.suffix, where: d.label ? `${where} “${d.label}”` : where })));
}

function itemOf(hold, name) { return (hold.checklist || []).find((c) => c.item === name) || { item: name, done: false }; }

function renderChecklist(hold, open) {
  const can = open && canWrite() && !hold.compliance;
  return h('ol', { class: 'hold-checklist', testid: 'hold-checklist' }, ITEMS.map((name) => {
    const c = itemOf(hold, name);
    const who = c.done ? h('span', { class: 'muted' }, ' · ', agentName(c.agent_id), ' · ', formatTime(c.done_at)) : null;
    return h('li', { class: c.done ? 'done' : '', testid: 'hold-item', dataset: { item: name, done: c.done ? '1' : '0' } },
      h('span', { class: 'check', 'aria-hidden': 'true' }, c.done ? '✓' : '○'), ' ',
      h('span', null, t(ITEM_LABEL[name])), who,
      can && !c.done ? itemControls(hold, name, c) : null);
  }));
}

function itemControls(hold, name, c) {
  if (name === 'two_factor') {
    const pending = !!hold.challenge_id && !c.done;
    return h('div', { class: 'item-controls' },
      h('button', { type: 'button', testid: 'check-two_factor', onclick: () => act(hold, 'checklist/two_factor', {}, (res) => {
        const st = res && res.hold && (res.hold.challenge_status || (res.hold.challenge_id ? 'pending' : null));
        if (st === 'pending') toast(t('Waiting for the user to answer the 2FA challenge'), 'ok');
      }) }, pending ? t('Check again') : c.done ? t('Check again') : t('Send 2FA challenge')),
      pending ? h('span', { class: 'muted', testid: 'two-factor-pending' }, ' ', t('Challenge sent; waiting for the user')) : null);
  }
  if (name === 'kyc') return h('div', { class: 'item-controls' }, h('button', { type: 'button', testid: 'check-kyc', onclick: () => act(hold, 'checklist/kyc') }, t('Check KYC')));
  if (name === 'details_confirmed') {
    const s = h('select', { testid: 'details-message', 'aria-label': t('The customer’s message') },
      h('option', { value: '' }, t('The customer’s message…')),
      p.customerMessages.slice().reverse().map((m) => h('option', { value: String(m.id) }, `#${m.id} ${formatTime(m.created_at)} — ${m.body.slice(0, 60)}`)));
    return h('div', { class: 'item-controls' }, s,
      h('button', { type: 'button', testid: 'check-details_confirmed', onclick: () => {
        if (!s.value) { toast(t('Pick the customer’s message that confirms the details')); return; }
        act(hold, 'checklist/details_confirmed', { message_id: Number(s.value) });
      } }, t('Confirmed')));
  }
  const boxes = QUESTIONS.map(([k, q]) => {
    const box = h('input', { type: 'checkbox', testid: `q-${k}`, dataset: { q: k } });
    return [h('label', { class: 'q' }, box, ' ', t(q)), box];
  });
  return h('div', { class: 'item-controls questions' },
    h('p', { class: 'muted' }, t('Tick each question the customer answered “yes”.')),
    boxes.map(([label]) => label),
    h('button', { type: 'button', testid: 'check-scam_questions', onclick: () => {
      const answers = {};
      for (const [, box] of boxes) answers[box.dataset.q] = box.checked;
      act(hold, 'checklist/scam_questions', { answers });
    } }, t('Record answers')));
}

function renderActions(hold, open) {
  if (!open || !canWrite()) {
    const who = hold.decided_by ? agentName(hold.decided_by) : '';
    return hold.state === 'released' || hold.state === 'cancelled'
      ? h('p', { class: 'hold-outcome', testid: 'hold-outcome' }, t(STATE_LABEL[hold.state]), who ? ` · ${who} · ${formatTime(hold.decided_at)}` : '',
        hold.cancel_reason ? ` — ${hold.cancel_reason}` : '')
      : null;
  }
  const reason = h('input', { type: 'text', testid: 'cancel-reason', maxlength: 2000, placeholder: t('Why cancel (required)') });
  const waiting = hold.state === 'release_requested';
  return h('div', { class: 'hold-actions' },
    waiting ? h('p', { class: 'hold-waiting', testid: 'hold-waiting' },
      t('Release requested by {a}; waiting for a second approver', { a: agentName(hold.requested_by) })) : null,
    hold.red_flags ? h('p', { class: 'hold-error', testid: 'hold-red-flags' }, t('The scam-screening answers show red flags: cancel the withdrawal.')) : null,
    !waiting ? h('button', { type: 'button', class: 'primary', testid: 'hold-release', disabled: !hold.can.release,
      title: hold.checklist_complete ? '' : t('Complete the checklist first'),
      onclick: () => act(hold, 'release', {}, (res) => toast(res.hold.state === 'released' ? t('Released') : t('Release requested; a second approver must approve'), 'ok')) },
    hold.second_approval ? t('Request release') : t('Release')) : null,
    hold.can.approve ? h('button', { type: 'button', class: 'primary', testid: 'hold-approve',
      onclick: () => act(hold, 'approve', {}, () => toast(t('Released'), 'ok')) }, t('Approve release')) : null,
    h('span', { class: 'cancel-group' }, reason,
      h('button', { type: 'button', testid: 'hold-cancel', onclick: () => {
        if (!reason.value.trim()) { toast(t('Say why the withdrawal is cancelled')); reason.focus(); return; }
        act(hold, 'cancel', { reason: reason.value.trim() }, () => toast(t('Cancelled'), 'ok'));
      } }, t('Cancel withdrawal'))));
}
