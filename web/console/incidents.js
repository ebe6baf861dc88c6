// incidents.js — the Incidents page (#/incidents, #/incidents/<id>; docs/exchange/incidents.md):
// the list, the declare form, an incident's status, banner and linked tickets, one reply to all
// of them, and its compensation lists — import (paste or a file), the SHA-256 and totals, the
// per-line errors, approval by a second person (hidden for the importer, refused by the server
// anyway), and payment with each row's outcome. Everything from the API goes in as text.

import { get, post, patch, del, describe } from './api.js';
import { h, $, replace } from './dom.js';
import { t, formatTime } from './i18n.js';
import { state } from './state.js';
import { toast } from './toast.js';

const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'];
const BANNER_LANGS = [['en', 'English'], ['zh-CN', '简体中文'], ['zh-TW', '繁體中文'], ['ja', '日本語'],
  ['ko', '한국어'], ['ru', 'Русский'], ['es', 'Español'], ['vi', 'Tiếng Việt'], ['tr', 'Türkçe']];
const REPLY_STATUSES = ['', 'open', 'pending', 'on_hold', 'solved'];
// A compensation row's state, in words of its own (a ticket's 'pending' means waiting for the customer).
const PAYOUT_WORDS = { pending: 'Payout pending', paid: 'Paid out', failed: 'Payout failed' };

let shownId = null;

const page = () => $('#incidents-page');
const canManage = () => !!state.me && ['admin', 'supervisor'].includes(state.me.role);
const canApprove = () => !!state.me && ['admin', 'supervisor'].includes(state.me.role);
const words = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** datetime-local value (the browser's zone) -> RFC 3339 UTC, or '' */
function toRfc3339(v) {
  if (!v) return '';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
function localNow(offsetMin = 0) {
  const d = new Date(Date.now() + offsetMin * 60000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function errorLine(testid) { return h('p', { class: 'inc-error', role: 'alert', testid, hidden: true }); }
function showError(el, e) { el.textContent = describe(e); el.hidden = false; }

/** Shows the page (list, or one incident) and hides the ticket panes. */
export async function showIncidents(id) {
  $('#app').dataset.page = 'incidents';
  page().hidden = false;
  shownId = id || null;
  if (id) await renderIncident(id);
  else await renderList();
}

export function hideIncidents() {
  if (!$('#app').dataset.page) return;
  delete $('#app').dataset.page;
  page().hidden = true;
  shownId = null;
}

export function initIncidents() {
  $('#nav-incidents').addEventListener('click', () => { location.hash = '#/incidents'; });
}

// ---- the list and the declare form ----

async function renderList() {
  const root = page();
  const list = h('div', { class: 'inc-list', testid: 'incident-list' }, t('Loading…'));
  replace(root, h('div', { class: 'inc-head' },
    h('h2', null, t('Incidents')),
    h('a', { class: 'btn ghost', href: '#/' , testid: 'incidents-back' }, t('Back to tickets'))),
  canManage() ? declareForm() : null, list);
  try {
    const res = await get('/incidents');
    if (shownId) return;
    replace(list, res.incidents.length ? h('table', { class: 'inc-table' },
      h('thead', null, h('tr', null, h('th', null, t('Incident')), h('th', null, t('Status')),
        h('th', null, t('Products')), h('th', null, t('Started')), h('th', null, t('Linked tickets')))),
      h('tbody', null, res.incidents.map((i) => h('tr', { testid: 'incident-row', dataset: { id: i.id, status: i.status } },
        h('td', null, h('a', { href: `#/incidents/${i.id}` }, i.title),
          i.source === 'exchange' ? h('span', { class: 'badge' }, t('from the exchange')) : null),
        h('td', null, h('span', { class: `inc-status inc-${i.status}` }, t(i.status))),
        h('td', null, i.products.join(', ')),
        h('td', null, formatTime(i.starts_at)),
        h('td', null, String(i.linked_tickets))))))
      : h('p', { class: 'muted' }, t('No incidents.')));
  } catch (e) {
    replace(list, h('p', { class: 'inc-error' }, describe(e)));
  }
}

function declareForm() {
  const f = (name, el) => { el.dataset.testid = `declare-${name}`; return el; };
  const title = f('title', h('input', { type: 'text', maxlength: 200, required: true }));
  const products = f('products', h('input', { type: 'text', required: true, placeholder: 'futures, spot' }));
  const keywords = f('keywords', h('input', { type: 'text', placeholder: 'liquidation, 强平' }));
  const description = f('description', h('textarea', { rows: 2 }));
  const starts = f('starts', h('input', { type: 'datetime-local', required: true, value: localNow(-30) }));
  const ends = f('ends', h('input', { type: 'datetime-local' }));
  const banner = {};
  for (const [code] of BANNER_LANGS) banner[code] = f(`banner-${code}`, h('input', { type: 'text', maxlength: 500, required: code === 'en', lang: code }));
  const err = errorLine('declare-error');
  const submit = h('button', { type: 'submit', class: 'btn primary', testid: 'declare-submit' }, t('Declare'));
  const form = h('form', { class: 'inc-card inc-declare', testid: 'declare-form' },
    h('h3', null, t('Declare an incident')),
    h('label', null, h('span', null, t('Title (internal)')), title),
    h('div', { class: 'inc-row' },
      h('label', null, h('span', null, t('Products')), products),
      h('label', null, h('span', null, t('Keywords')), keywords)),
    h('div', { class: 'inc-row' },
      h('label', null, h('span', null, t('Starts')), starts),
      h('label', null, h('span', null, t('Ends (optional)')), ends)),
    h('label', null, h('span', null, t('Description (internal)')), description),
    h('fieldset', null, h('legend', null, t('Public banner')),
      BANNER_LANGS.map(([code, name]) => h('label', { class: 'inc-lang' }, h('span', null, name), banner[code]))),
    err, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.hidden = true;
    const body = { title: title.value, products: words(products.value), keywords: words(keywords.value),
      description: description.value, starts_at: toRfc3339(starts.value), banner: {} };
    if (ends.value) body.ends_at = toRfc3339(ends.value);
    for (const [code] of BANNER_LANGS) if (banner[code].value.trim()) body.banner[code] = banner[code].value.trim();
    submit.disabled = true;
    try {
      const res = await post('/incidents', body);
      toast(t('Incident declared; {n} tickets linked', { n: res.linked }), 'notice');
      location.hash = `#/incidents/${res.incident.id}`;
    } catch (ex) {
      showError(err, ex);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// ---- one incident ----

async function renderIncident(id) {
  const root = page();
  replace(root, h('p', { class: 'muted' }, t('Loading…')));
  let inc;
  try {
    inc = (await get(`/incidents/${id}`)).incident;
  } catch (e) {
    replace(root, h('a', { class: 'btn ghost', href: '#/incidents' }, t('All incidents')), h('p', { class: 'inc-error' }, describe(e)));
    return;
  }
  if (String(shownId) !== String(id)) return;
  const linked = h('div', { testid: 'incident-linked' });
  const lists = h('div', { testid: 'comp-lists' });
  replace(root,
    h('div', { class: 'inc-head' },
      h('a', { class: 'btn ghost', href: '#/incidents', testid: 'incidents-all' }, t('All incidents')),
      h('h2', { testid: 'incident-title' }, inc.title)),
    header(inc), linkedSection(inc, linked), canManage() ? replySection(inc) : null,
    canManage() ? h('section', { class: 'inc-card' }, h('h3', null, t('Compensation')), importForm(inc, lists), lists) : null);
  await loadLinked(inc, linked);
  if (canManage()) await loadLists(inc, lists);
}

function header(inc) {
  const status = h('select', { testid: 'incident-status', disabled: !canManage(), 'aria-label': t('Status') },
    STATUSES.map((s) => h('option', { value: s, selected: s === inc.status }, t(s))));
  status.addEventListener('change', async () => {
    try {
      await patch(`/incidents/${inc.id}`, { status: status.value });
      toast(t('Status set to {s}', { s: t(status.value) }), 'notice');
    } catch (e) { toast(describe(e)); status.value = inc.status; }
  });
  const banner = Object.entries(inc.banner || {});
  return h('section', { class: 'inc-card', testid: 'incident-detail', dataset: { id: inc.id } },
    h('div', { class: 'inc-row' },
      h('label', null, h('span', null, t('Status')), status),
      h('div', null, h('span', { class: 'muted' }, t('Products')), ' ', inc.products.join(', ')),
      h('div', null, h('span', { class: 'muted' }, t('Window')), ' ', formatTime(inc.starts_at), ' – ', inc.ends_at ? formatTime(inc.ends_at) : t('ongoing')),
      h('div', null, h('span', { class: 'muted' }, t('Pays as')), ' ', h('code', null, inc.pay_id))),
    inc.description ? h('p', { class: 'inc-desc' }, inc.description) : null,
    h('div', { class: 'inc-banner-list', testid: 'incident-banner' },
      banner.length ? banner.map(([lang, text]) => h('p', null, h('span', { class: 'badge' }, lang), ' ', h('span', { lang }, text)))
        : h('p', { class: 'muted' }, t('No public banner: customers see nothing of this incident.'))));
}

function linkedSection(inc, box) {
  const input = h('input', { type: 'text', placeholder: 'EXD-100012', testid: 'link-ticket-input', 'aria-label': t('Ticket number') });
  const add = h('button', { type: 'submit', class: 'btn', testid: 'link-ticket-submit' }, t('Link'));
  const form = h('form', { class: 'inc-inline' }, input, add);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    try {
      await post(`/incidents/${inc.id}/tickets/${encodeURIComponent(input.value.trim())}`);
      input.value = '';
      await loadLinked(inc, box);
    } catch (ex) { toast(describe(ex)); }
  });
  const rule = canManage() ? h('button', { type: 'button', class: 'btn', testid: 'rule-run', onclick: async () => {
    try {
      const res = await post(`/incidents/${inc.id}/link-by-rule`);
      toast(t('{n} tickets linked by the rule', { n: res.linked }), 'notice');
      await loadLinked(inc, box);
    } catch (ex) { toast(describe(ex)); }
  } }, t('Link by rule now')) : null;
  return h('section', { class: 'inc-card' }, h('h3', null, t('Linked tickets')),
    h('div', { class: 'inc-row' }, form, rule), box);
}

async function loadLinked(inc, box) {
  try {
    const res = await get(`/incidents/${inc.id}/tickets`);
    replace(box, res.tickets.length ? h('table', { class: 'inc-table' }, h('tbody', null, res.tickets.map((x) => h('tr', {
      testid: 'linked-ticket', dataset: { id: x.ticket.id, number: x.ticket.number, how: x.how } },
    h('td', null, h('a', { href: `#/ticket/${encodeURIComponent(x.ticket.number)}` }, x.ticket.number)),
    h('td', null, x.ticket.subject),
    h('td', null, t(x.ticket.status)),
    h('td', { class: 'muted' }, x.how === 'rule' ? t('by rule') : t('by hand')),
    h('td', null, h('button', { type: 'button', class: 'icon-btn', title: t('Unlink'), 'aria-label': t('Unlink'), testid: 'unlink',
      onclick: async () => {
        try { await del(`/incidents/${inc.id}/tickets/${x.ticket.id}`); await loadLinked(inc, box); } catch (e) { toast(describe(e)); }
      } }, '×'))))))
      : h('p', { class: 'muted' }, t('No linked tickets.')));
  } catch (e) {
    replace(box, h('p', { class: 'inc-error' }, describe(e)));
  }
}

function replySection(inc) {
  const body = h('textarea', { rows: 3, testid: 'reply-body', required: true, 'aria-label': t('Reply (default language)') });
  const per = {};
  for (const [code] of BANNER_LANGS.slice(1)) per[code] = h('textarea', { rows: 2, testid: `reply-body-${code}`, lang: code });
  const status = h('select', { testid: 'reply-status', 'aria-label': t('and set') },
    REPLY_STATUSES.map((s) => h('option', { value: s }, s ? t(s) : t('keep status'))));
  const result = h('p', { class: 'muted', testid: 'reply-result', role: 'status' });
  const send = h('button', { type: 'submit', class: 'btn primary', testid: 'reply-submit' }, t('Reply to all linked tickets'));
  const form = h('form', { class: 'inc-card', testid: 'reply-form' }, h('h3', null, t('One reply to all')),
    body,
    h('details', null, h('summary', null, t('In the customer\'s language')),
      BANNER_LANGS.slice(1).map(([code, name]) => h('label', { class: 'inc-lang' }, h('span', null, name), per[code]))),
    h('div', { class: 'inc-row' }, h('label', null, h('span', null, t('and set')), status), send), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const payload = { body: body.value, bodies: {} };
    for (const [code, el] of Object.entries(per)) if (el.value.trim()) payload.bodies[code] = el.value;
    if (status.value) payload.status = status.value;
    send.disabled = true;
    try {
      const res = await post(`/incidents/${inc.id}/reply`, payload);
      result.textContent = t('Sent to {n} tickets; {m} skipped (closed or merged).', { n: res.reply.sent, m: res.reply.skipped });
      body.value = '';
    } catch (ex) {
      result.textContent = describe(ex);
    } finally {
      send.disabled = false;
    }
  });
  return form;
}

// ---- compensation ----

function importForm(inc, lists) {
  const csv = h('textarea', { rows: 5, testid: 'comp-csv', spellcheck: 'false', class: 'mono',
    placeholder: 'uid,asset,amount,reason', 'aria-label': t('Compensation list (CSV)') });
  const file = h('input', { type: 'file', accept: '.csv,text/csv,text/plain', testid: 'comp-file', 'aria-label': t('CSV file') });
  file.addEventListener('change', async () => {
    const f = file.files && file.files[0];
    if (f) csv.value = await f.text();
  });
  const errors = h('div', { testid: 'comp-errors', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn primary', testid: 'comp-import' }, t('Import'));
  const form = h('form', { class: 'inc-import' },
    h('p', { class: 'muted' }, t('Header uid,asset,amount,reason; one row per user; exact amounts. Nothing is stored if a line is wrong.')),
    csv, h('div', { class: 'inc-row' }, file, submit), errors);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.hidden = true;
    submit.disabled = true;
    try {
      await post(`/incidents/${inc.id}/compensation-lists`, { csv: csv.value });
      csv.value = '';
      file.value = '';
      await loadLists(inc, lists);
    } catch (ex) {
      errors.hidden = false;
      replace(errors, h('p', { class: 'inc-error', role: 'alert' }, describe(ex)), renderLineErrors(ex));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function renderLineErrors(ex) {
  const lines = ex.details && ex.details.lines;
  if (!lines || !lines.length) return null;
  return h('table', { class: 'inc-table' }, h('tbody', null, lines.map((l) => h('tr', { testid: 'comp-error', dataset: { line: l.line, field: l.field } },
    h('td', null, t('line {n}', { n: l.line })), h('td', null, l.field), h('td', null, l.message)))));
}

async function loadLists(inc, box) {
  try {
    const res = await get(`/incidents/${inc.id}/compensation-lists`);
    const full = await Promise.all(res.lists.map((l) => get(`/incidents/${inc.id}/compensation-lists/${l.id}`)));
    replace(box, full.map((x) => listCard(inc, x.list, box)));
  } catch (e) {
    replace(box, h('p', { class: 'inc-error' }, describe(e)));
  }
}

function listCard(inc, l, box) {
  const path = `/incidents/${inc.id}/compensation-lists/${l.id}`;
  const mine = state.me && l.imported_by && l.imported_by.id === state.me.id;
  let approve = null;
  if (l.status === 'imported') {
    if (l.may_approve && canApprove()) {
      const hash = h('input', { type: 'text', class: 'mono', size: 66, testid: 'approve-hash', 'aria-label': t('SHA-256 you reviewed'), placeholder: 'sha256' });
      const go = h('button', { type: 'submit', class: 'btn primary', testid: 'approve-submit' }, t('Approve'));
      approve = h('form', { class: 'inc-inline', testid: 'approve-form' },
        h('span', null, t('Type or paste the SHA-256 of the list you reviewed:')), hash, go);
      approve.addEventListener('submit', async (e) => {
        e.preventDefault();
        go.disabled = true;
        try { await post(`${path}/approve`, { sha256: hash.value.trim() }); await loadLists(inc, box); } catch (ex) { toast(describe(ex)); go.disabled = false; }
      });
    } else {
      approve = h('p', { class: 'muted', testid: 'approve-note' }, mine
        ? t('You imported this list: another person must approve it.')
        : t('Waiting for approval by an admin or supervisor.'));
    }
  }
  const result = h('p', { class: 'muted', testid: 'pay-result', role: 'status' });
  const pay = l.status === 'approved' && canManage()
    ? h('button', { type: 'button', class: 'btn primary', testid: 'pay-submit', onclick: async (e) => {
      e.target.disabled = true;
      try {
        const res = await post(`${path}/pay`);
        const fresh = listCard(inc, res.list, box);
        card.replaceWith(fresh);
        $('[data-testid="pay-result"]', fresh).textContent = t('Paid {p}, failed {f}, remaining {r}.', { p: res.run.paid, f: res.run.failed, r: res.run.remaining })
          + (res.run.stopped ? ` ${res.run.stopped}` : '');
      } catch (ex) { toast(describe(ex)); e.target.disabled = false; }
    } }, t('Pay through the exchange')) : null;
  const card = h('div', { class: 'inc-list-card', testid: 'comp-list', dataset: { id: l.id, status: l.status } },
    h('div', { class: 'inc-row' },
      h('strong', null, t('List {n}', { n: l.id })),
      h('span', { class: `inc-status inc-${l.status}`, testid: 'comp-status' }, t(l.status)),
      h('span', null, t('{n} rows', { n: l.rows })),
      h('span', { testid: 'comp-totals' }, Object.entries(l.totals).map(([a, v]) => `${v} ${a}`).join(' · ')),
      h('span', { class: 'muted' }, t('imported by {a}', { a: l.imported_by ? l.imported_by.name : '—' }),
        l.approved_by ? ` · ${t('approved by {a}', { a: l.approved_by.name })}` : '')),
    h('p', null, h('span', { class: 'muted' }, 'SHA-256 '), h('code', { class: 'mono', testid: 'comp-hash' }, l.sha256)),
    approve, pay, result,
    h('table', { class: 'inc-table' },
      h('thead', null, h('tr', null, ['Line', 'UID', 'Asset', 'Amount', 'Reason', 'Status', 'Error'].map((c) => h('th', null, t(c))))),
      h('tbody', null, (l.items || []).map((r) => h('tr', { testid: 'comp-row', dataset: { uid: r.uid, status: r.status } },
        h('td', null, String(r.line)), h('td', null, r.uid), h('td', null, r.asset), h('td', { class: 'mono' }, r.amount),
        h('td', null, r.reason), h('td', null, h('span', { class: `inc-status inc-${r.status}` }, t(PAYOUT_WORDS[r.status] || r.status))),
        h('td', { class: 'inc-error-text' }, r.error || ''))))));
  return card;
}
