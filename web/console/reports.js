// reports.js — the exchange reports page (#/reports; docs/exchange/recovery.md "Reports",
// docs/exchange/withdrawal-holds.md "Reports"): over a chosen period, deposit recovery — cases,
// the share settled without a person, what was credited and the fees, by case code — and
// withdrawal screening — withdrawals screened, holds by reason, releases, cancels, those still
// open or waiting for a second approver, and the value protected. Read-only (exchange.read);
// every figure is the API's, drawn as text.

import { get, describe } from './api.js';
import { h, $, replace } from './dom.js';
import { t } from './i18n.js';

const DAY_MS = 24 * 3600 * 1000;
const page = () => $('#reports-page');

/** yyyy-mm-dd of a Date in the browser's zone, for <input type=date>. */
function isoDay(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
/** An <input type=date> value as RFC 3339 UTC: the start of that day, or of the day after. */
function dayStart(v, plusDays = 0) {
  const d = new Date(`${v}T00:00:00`);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() + plusDays * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** Minor units (cents) as money: 52500 -> "525.00". */
function money(minor, currency) {
  if (typeof minor !== 'number') return '—';
  return `${(minor / 100).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency || 'USD'}`;
}
const pct = (x) => (typeof x === 'number' ? `${Math.round(x * 1000) / 10}%` : '—');

function figure(testid, label, value) {
  return h('div', { class: 'rep-figure', testid, dataset: { value: String(value) } },
    h('span', { class: 'rep-value' }, String(value)), h('span', { class: 'rep-label' }, t(label)));
}

function table(testid, head, rows) {
  return h('table', { class: 'rep-table', testid },
    h('thead', null, h('tr', null, ...head.map((c) => h('th', { scope: 'col' }, t(c))))),
    h('tbody', null, ...rows.map((r) => h('tr', { testid: `${testid}-row`, dataset: { key: r[0] } }, ...r.map((c) => h('td', null, String(c)))))));
}

function recoveryCard(rep) {
  const rows = (rep.rows || []).map((r) => [r.code, r.state, r.automatic ? t('automatic') : t('manual'), r.cases,
    money(r.value_minor, rep.currency), money(r.fee_minor, rep.currency)]);
  return h('section', { class: 'rep-card', testid: 'report-recovery' },
    h('h3', null, t('Deposit recovery')),
    h('div', { class: 'rep-figures' },
      figure('rep-rec-cases', 'Cases', rep.cases),
      figure('rep-rec-auto', 'Settled automatically', `${rep.automatic} (${pct(rep.automatic_share)})`),
      figure('rep-rec-manual', 'Handled by a person', rep.manual),
      figure('rep-rec-credited', 'Credited', rep.credited),
      figure('rep-rec-value', 'Value credited', money(rep.value_credited_minor, rep.currency)),
      figure('rep-rec-fees', 'Fees', money(rep.fees_minor, rep.currency))),
    rows.length ? table('rep-rec-table', ['Case code', 'State', 'Decided', 'Cases', 'Value', 'Fees'], rows)
      : h('p', { class: 'muted' }, t('No recovery cases in this period.')));
}

function holdsCard(rep) {
  const reasons = Object.entries(rep.holds_by_reason || {}).sort((a, b) => b[1] - a[1]);
  const protectedAssets = Object.entries((rep.value_protected || {}).by_asset || {});
  return h('section', { class: 'rep-card', testid: 'report-holds' },
    h('h3', null, t('Withdrawal screening')),
    h('div', { class: 'rep-figures' },
      figure('rep-wh-screened', 'Screened', rep.screened),
      figure('rep-wh-holds', 'Held', rep.holds),
      figure('rep-wh-released', 'Released', rep.released),
      figure('rep-wh-cancelled', 'Cancelled', rep.cancelled),
      figure('rep-wh-open', 'Still held', rep.open),
      figure('rep-wh-second', 'Waiting for a second approver', rep.waiting_second_approval),
      figure('rep-wh-protected', 'Value protected', money((rep.value_protected || {}).usd_cents, 'USD'))),
    protectedAssets.length ? h('p', { class: 'rep-assets', testid: 'rep-wh-assets' },
      t('Cancelled held amounts: {list}', { list: protectedAssets.map(([a, v]) => `${v} ${a}`).join(', ') })) : null,
    reasons.length ? table('rep-wh-table', ['Reason', 'Holds'], reasons)
      : h('p', { class: 'muted' }, t('No holds in this period.')));
}

async function render() {
  const from = $('#rep-from').value, to = $('#rep-to').value;
  const q = { from: dayStart(from), to: dayStart(to, 1) };
  const out = $('#rep-out');
  replace(out, h('p', { class: 'muted' }, t('Loading…')));
  const parts = await Promise.all([
    get('/reports/recovery', q).then(recoveryCard, (e) => h('p', { class: 'rep-error', role: 'alert', testid: 'rep-rec-error' }, describe(e))),
    get('/reports/withdrawal-holds', q).then((r) => holdsCard(r.report), (e) => h('p', { class: 'rep-error', role: 'alert', testid: 'rep-wh-error' }, describe(e))),
  ]);
  replace(out, ...parts);
}

/** Shows the page and hides the ticket panes. */
export async function showReports() {
  $('#app').dataset.page = 'reports';
  page().hidden = false;
  if (!$('#rep-from')) {
    const now = new Date();
    replace(page(),
      h('div', { class: 'inc-head' },
        h('h2', null, t('Exchange reports')),
        h('a', { class: 'btn ghost', href: '#/', testid: 'reports-back' }, t('Back to tickets'))),
      h('form', { class: 'rep-period', testid: 'reports-period', onsubmit: (e) => { e.preventDefault(); render(); } },
        h('label', null, h('span', null, t('From')), h('input', { type: 'date', id: 'rep-from', value: isoDay(new Date(now.getTime() - 29 * DAY_MS)), required: true })),
        h('label', null, h('span', null, t('To')), h('input', { type: 'date', id: 'rep-to', value: isoDay(now), required: true })),
        h('button', { type: 'submit', class: 'btn', testid: 'reports-show' }, t('Show'))),
      h('div', { id: 'rep-out', class: 'rep-out', testid: 'reports-out' }));
  }
  await render();
}

export function hideReports() {
  if ($('#app').dataset.page !== 'reports') return;
  delete $('#app').dataset.page;
  page().hidden = true;
}

export function initReports() {
  $('#nav-reports').addEventListener('click', () => { location.hash = '#/reports'; });
}
