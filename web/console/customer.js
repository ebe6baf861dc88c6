// customer.js — the right-hand panel: who the requester is (identities as the API returns
// them, i.e. masked for qa), language and VIP tier (editable for roles that may), and their
// past tickets with status and CSAT. The ticket's "Emails" panel (mail.js) sits between them.

import { get, patch, describe } from './api.js';
import { h, $, replace, options } from './dom.js';
import { t, languageName, knownLanguages, formatTime } from './i18n.js';
import { on, emit, canEditCustomer } from './state.js';
import { toast } from './toast.js';
import { emailsPanel } from './mail.js';
import { exchangePanel } from './exchange_panel.js';

const MAX_CSAT_LOOKUPS = 25;
const cust = { id: null, customer: null, tickets: [], more: false, csat: new Map(), seq: 0, openTicketId: null };
let root;

export function initCustomer() {
  root = $('#customer');
  on('ticket-loaded', (tk) => load(tk));
  on('ticket-closed', () => { cust.id = null; cust.seq++; replace(root); root.hidden = true; });
  on('customer-tickets', ({ customerId, tickets, more }) => {
    if (customerId !== cust.id) return;
    cust.tickets = tickets; cust.more = more;
    renderTickets();
    loadCsats(cust.seq);
  });
  on('ticket-changed', (tk) => {
    if (!cust.id || !tk.requester || tk.requester.id !== cust.id) return;
    const i = cust.tickets.findIndex((x) => x.id === tk.id);
    if (i >= 0) { cust.tickets[i] = tk; renderTickets(); }
  });
}

async function load(tk) {
  const seq = ++cust.seq;
  const r = tk.requester || {};
  cust.openTicketId = tk.id;
  root.hidden = false;
  if (cust.id !== r.id) {
    cust.id = r.id; cust.customer = null; cust.tickets = []; cust.csat = new Map();
    replace(root, h('div', { class: 'muted pad' }, t('Loading…')));
  }
  if (!r.id) return;
  try {
    const res = await get(`/customers/${r.id}`);
    if (seq !== cust.seq) return;
    cust.customer = res.customer;
  } catch (e) {
    if (seq !== cust.seq) return;
    cust.customer = { id: r.id, name: r.name, language: r.language, vip_tier: r.vip_tier, identities: [] };
    toast(`${t('Could not load the customer')}: ${describe(e)}`);
  }
  render();
}

export function onStreamCsat(data) {
  const tid = data.ticket_id ?? (data.csat && data.csat.ticket_id);
  if (!cust.tickets.some((x) => x.id === tid)) return;
  cust.csat.set(tid, data.csat ?? data);
  renderTickets();
}

function render() {
  const c = cust.customer;
  if (!c) return;
  const editable = canEditCustomer();
  const ids = c.identities || [];
  root.replaceChildren(
    h('section', { class: 'panel' },
      h('h2', { class: 'panel-title' }, t('Customer')),
      h('div', { class: 'cust-name', testid: 'customer-name', lang: c.language || null }, c.name || '—'),
      c.vip_tier > 0 ? h('span', { class: 'badge vip', testid: 'customer-vip' }, `VIP ${c.vip_tier}`) : null,
      h('dl', { class: 'facts' },
        ids.map((i) => [
          h('dt', null, identityLabel(i.kind)),
          h('dd', { testid: `identity-${i.kind}`, class: 'ident' }, i.value,
            i.verified ? h('span', { class: 'verified', title: t('Verified') }, ' ✓') : null),
        ]),
        h('dt', null, t('Language')), h('dd', { testid: 'customer-language' }, `${languageName(c.language)} (${c.language || '—'})`),
        h('dt', null, t('VIP tier')), h('dd', { testid: 'customer-vip-tier' }, String(c.vip_tier ?? 0)),
        h('dt', null, t('Customer since')), h('dd', null, formatTime(c.created_at))),
      editable ? editForm(c) : null),
    // The exchange's side of this customer, for a customer the exchange knows (exchange_panel.js).
    ids.some((i) => i.kind === 'exchange_uid') && cust.openTicketId ? exchangePanel(cust.openTicketId) : null,
    emailsPanel(),
    h('section', { class: 'panel' },
      h('h2', { class: 'panel-title' }, t('Past tickets')),
      h('ul', { class: 'past', testid: 'past-tickets' })));
  renderTickets();
}

function identityLabel(kind) {
  return { email: t('Email'), exchange_uid: t('Exchange UID'), chat_visitor: t('Chat visitor'), telegram: 'Telegram' }[kind] || kind;
}

function editForm(c) {
  const langs = new Set([...knownLanguages, c.language].filter(Boolean));
  const lang = options(h('select', { testid: 'customer-language-edit', 'aria-label': t('Language') }),
    [...langs].map((l) => [l, `${languageName(l)} (${l})`]), c.language);
  const vip = options(h('select', { testid: 'customer-vip-edit', 'aria-label': t('VIP tier') }),
    [0, 1, 2, 3, 4, 5].map((n) => [n, n === 0 ? t('0 — not VIP') : `VIP ${n}`]), c.vip_tier ?? 0);
  const save = h('button', { class: 'btn', testid: 'customer-save', type: 'submit' }, t('Save'));
  const form = h('form', { class: 'cust-edit' },
    h('label', null, h('span', null, t('Language')), lang),
    h('label', null, h('span', null, t('VIP tier')), vip),
    save);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {};
    if (lang.value !== c.language) body.language = lang.value;
    if (Number(vip.value) !== (c.vip_tier ?? 0)) body.vip_tier = Number(vip.value);
    if (!Object.keys(body).length) { toast(t('Nothing changed'), 'ok'); return; }
    save.disabled = true;
    try {
      const res = await patch(`/customers/${c.id}`, body);
      cust.customer = res.customer;
      toast(t('Customer updated'), 'ok');
      render();
      // The ticket's requester (VIP badge) comes from the server; refresh the open ticket.
      if (cust.openTicketId) {
        get(`/tickets/${cust.openTicketId}`).then((r) => emit('ticket-changed', r.ticket)).catch(() => {});
      }
    } catch (err) {
      toast(describe(err));
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

function csatLabel(c) {
  if (c === undefined) return '';
  if (c === null) return t('no rating');
  return `${'★'.repeat(c.rating)}${'☆'.repeat(Math.max(0, 5 - c.rating))}`;
}

function renderTickets() {
  const ul = root.querySelector('[data-testid="past-tickets"]');
  if (!ul) return;
  const list = [...cust.tickets].sort((a, b) => b.id - a.id);
  replace(ul, list.length ? list.map((x) => {
    const c = cust.csat.get(x.id);
    return h('li', { class: `past-item${x.id === cust.openTicketId ? ' current' : ''}` },
      h('a', { href: `#/ticket/${encodeURIComponent(x.number)}`, testid: 'past-ticket', dataset: { id: x.id } },
        h('span', { class: 'row-number' }, x.number), ' ',
        h('span', { class: 'past-subject', lang: x.language || null }, x.subject)),
      h('div', { class: 'past-meta' },
        h('span', { class: `status st-${x.status}` }, t(x.status)),
        h('span', { class: 'muted' }, formatTime(x.created_at)),
        c !== undefined ? h('span', { class: `past-csat${c ? ` csat-${c.rating}` : ''}`, testid: 'past-csat',
          title: c && c.comment ? c.comment : '' }, csatLabel(c)) : null));
  }) : h('li', { class: 'muted' }, t('No tickets.')),
  cust.more ? h('li', { class: 'muted' }, t('Showing the newest 100.')) : null);
}

async function loadCsats(seq) {
  const rated = cust.tickets.filter((x) => ['solved', 'closed'].includes(x.status) && !cust.csat.has(x.id))
    .slice(0, MAX_CSAT_LOOKUPS);
  await Promise.all(rated.map(async (x) => {
    try {
      const res = await get(`/tickets/${x.id}/csat`);
      if (seq !== cust.seq) return;
      cust.csat.set(x.id, res.csat);
    } catch { /* endpoint missing or ticket hidden: show nothing */ }
  }));
  if (seq === cust.seq) renderTickets();
}
