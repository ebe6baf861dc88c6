// recovery_panel.js — the deposit-recovery case on its ticket (docs/exchange/recovery.md): when
// a ticket of category `recovery` opens, its case (GET /recovery/cases?ticket_id=) is shown at
// the top of the conversation (above the messages, always in view): reference, state, code, the fee quote, the SLA due time, an
// error if the exchange failed, the agents' summary and the facts the exchange gave (folded),
// and the actions this agent may take — Retry, Credit, Approve (only for a second person with
// exchange.approve: the server says so in `may_approve`, and refuses anyone else anyway), Close
// with a reason. Everything the case holds goes in as text (dom.js h()).

import { get, post, describe } from './api.js';
import { h, replace } from './dom.js';
import { t, formatTimeLong } from './i18n.js';
import { on, state } from './state.js';
import { toast } from './toast.js';

const p = { ticketId: 0, seq: 0, root: null };

const CAN_ACT = ['admin', 'supervisor', 'agent'];

function money(minor) {
  return minor === null || minor === undefined ? '—' : `$${(minor / 100).toFixed(2)}`;
}

function row(label, value, testid) {
  return [h('dt', null, label), h('dd', { testid }, value)];
}

function render(c) {
  const act = state.me && CAN_ACT.includes(state.me.role);
  const reason = h('input', { type: 'text', class: 'recovery-reason', testid: 'recovery-close-reason', maxlength: '2000', placeholder: t('Reason for closing'),
    'aria-label': t('Reason for closing') });
  const call = (verb, body) => async () => {
    try {
      const res = await post(`/recovery/cases/${c.id}/${verb}`, body ? body() : undefined);
      render(res.case);
      toast(t('Recovery case: {s}', { s: t(res.case.state) }), 'info');
    } catch (e) {
      toast(describe(e));
    }
  };
  const buttons = [];
  if (act && !['credited', 'closed', 'approval'].includes(c.state))
    buttons.push(h('button', { type: 'button', class: 'btn', testid: 'recovery-retry', onclick: call('retry') }, t('Retry')));
  if (act && ['review', 'waiting'].includes(c.state) && c.credit_amount)
    buttons.push(h('button', { type: 'button', class: 'btn', testid: 'recovery-credit', onclick: call('credit') },
      t('Credit {amount} {asset}', { amount: c.credit_amount, asset: c.asset })));
  if (c.state === 'approval' && c.may_approve)
    buttons.push(h('button', { type: 'button', class: 'btn primary', testid: 'recovery-approve', onclick: call('approve') },
      t('Approve credit of {amount} {asset}', { amount: c.credit_amount, asset: c.asset })));
  if (act && !['credited', 'closed', 'crediting'].includes(c.state))
    buttons.push(reason, h('button', { type: 'button', class: 'btn', testid: 'recovery-close', onclick: () => {
      if (!reason.value.trim()) { toast(t('Say why the case is closed')); reason.focus(); return; }
      call('close', () => ({ reason: reason.value.trim() }))();
    } }, t('Close case')));
  const facts = h('pre', { class: 'recovery-facts', testid: 'recovery-facts' }, JSON.stringify(c.facts, null, 2));
  replace(p.root,
    h('h2', { class: 'panel-title' }, t('Deposit recovery'), ' ', h('span', { class: 'muted', testid: 'recovery-reference' }, c.reference)),
    h('dl', { class: 'recovery-meta' },
      row(t('State'), t(c.state), 'recovery-state'),
      row(t('Case code'), c.code || '—', 'recovery-code'),
      row(t('Amount'), `${c.amount} ${c.asset} (${c.network})`, 'recovery-amount'),
      row(t('Value'), money(c.quote && c.quote.value_minor), 'recovery-value'),
      row(t('Fee'), c.fee_amount ? `${c.fee_amount} ${c.asset} (${money(c.quote && c.quote.fee_minor)})` : '—', 'recovery-fee'),
      row(t('To credit'), c.credit_amount ? `${c.credit_amount} ${c.asset}` : '—', 'recovery-credit-amount'),
      row(t('Customer'), `${c.uid || c.email || '—'}${c.uid_verified ? ' ✓' : ''}`, 'recovery-customer'),
      c.sla_due_at ? row(t('Resolve by'), formatTimeLong(c.sla_due_at), 'recovery-sla') : null,
      c.eta ? row(t('Expected by'), formatTimeLong(c.eta), 'recovery-eta') : null,
      c.manual_reason ? row(t('Why a person'), c.manual_reason, 'recovery-manual-reason') : null,
      c.deposit_id ? row(t('Exchange deposit'), c.deposit_id, 'recovery-deposit') : null),
    c.error ? h('p', { class: 'recovery-error', role: 'alert', testid: 'recovery-error' }, c.error) : null,
    h('details', { class: 'recovery-details' }, h('summary', null, t('Summary and facts')),
      h('p', { class: 'recovery-summary', testid: 'recovery-summary' }, c.summary || ''), facts),
    buttons.length ? h('div', { class: 'recovery-actions' }, buttons) : null);
  p.root.dataset.state = c.state;
  p.root.hidden = false;
}

async function load(tk) {
  const seq = ++p.seq;
  p.root.hidden = true;
  if (!tk || tk.category !== 'recovery') return;
  let res;
  try {
    res = await get('/recovery/cases', { ticket_id: tk.id });
  } catch (e) {
    if (e.status !== 403) toast(describe(e));
    return;
  }
  if (seq !== p.seq || !res.cases || !res.cases.length) return;
  // between the header and the messages, so it stays in view while the timeline scrolls
  const scroll = document.querySelector('#conversation .conv-scroll');
  if (!scroll) return;
  scroll.before(p.root);
  render(res.cases[0]);
}

export function initRecoveryPanel() {
  p.root = h('section', { class: 'recovery-panel', testid: 'recovery-panel', 'aria-label': t('Deposit recovery'), hidden: true });
  on('ticket-loaded', (tk) => { p.ticketId = tk ? tk.id : 0; load(tk); });
  on('ticket-closed', () => { p.seq++; p.ticketId = 0; p.root.hidden = true; });
}
