// exchange_panel.js — "Exchange account": what the exchange knows of the open ticket's customer
// (GET /tickets/{id}/exchange, docs/exchange/user-360.md), in the customer pane under the
// customer's facts. Shown only for a customer with an exchange uid (customer.js decides).
//
// Alerts first, because they change what the agent may do: a frozen or closed account with its
// reason, and a recent sensitive security change (2FA reset or disabled, password reset, email or
// phone change in the last 48 h — the classic account-takeover window). Then the profile (KYC,
// VIP, 2FA), security changes with relative times, logins with new device / new country flagged,
// balances, the last deposits and withdrawals (short txid / address with a copy button; the full
// value in the tooltip), trades. A section the exchange could not give says so on its own; the
// rest still shows. Everything from the exchange goes in as text (dom.js h()).

import { get, describe, serverNow } from './api.js';
import { h, replace } from './dom.js';
import { t, ago, formatTimeLong } from './i18n.js';
import { toast } from './toast.js';

const RECENT_MS = 48 * 3600 * 1000;
const SENSITIVE = new Set(['2fa_reset', '2fa_disabled', 'password_reset', 'email_change', 'phone_change']);

// The last answer per ticket for a minute: drawing the customer pane again (a VIP edit, coming
// back to the ticket) does not read the exchange again; Refresh does, and so does an older one.
const CACHE_MS = 60 * 1000;
const cache = new Map();

/** The panel's element for ticket id; loads it unless it is cached. */
export function exchangePanel(ticketId) {
  const root = h('section', { class: 'panel xp', testid: 'exchange-panel', 'aria-labelledby': 'xp-title' });
  const cached = cache.get(ticketId);
  if (cached && Date.now() - cached.at < CACHE_MS) draw(root, ticketId, cached);
  else load(root, ticketId);
  return root;
}

// Whether the desk has an exchange at all (GET /exchange), asked once per page: a desk without one
// shows no panel rather than a 503 on every ticket of a customer with a uid.
// GET /exchange answers at once when none is connected; when one is, it also asks the exchange,
// which may be slow: after a second we know enough (it is connected) and go on.
let connected = null;
function exchangeConnected() {
  if (!connected) {
    const asked = get('/exchange').then((r) => !!(r && r.connected), () => { connected = null; return true; });
    connected = Promise.race([asked, new Promise((resolve) => setTimeout(() => resolve(true), 1000))]);
  }
  return connected;
}

async function load(root, ticketId) {
  root.hidden = true; // until we know there is an exchange to ask
  if (!(await exchangeConnected())) {
    root.dataset.state = 'unconnected';
    return;
  }
  root.hidden = false;
  root.dataset.state = 'loading';
  root.setAttribute('aria-busy', 'true');
  replace(root, title(ticketId, root), h('div', { class: 'muted', testid: 'xp-loading' }, t('Loading…')));
  let res;
  try {
    res = { data: await get(`/tickets/${ticketId}/exchange`), at: Date.now() };
  } catch (e) {
    res = { error: e };
  }
  if (res.data) cache.set(ticketId, res);
  // The pane was drawn again meanwhile (another ticket, a customer edit): that one shows it.
  if (!root.isConnected) return;
  draw(root, ticketId, res);
}

function title(ticketId, root) {
  return h('div', { class: 'xp-head' },
    h('h2', { class: 'panel-title', id: 'xp-title' }, t('Exchange account')),
    h('button', { class: 'icon-btn', type: 'button', testid: 'xp-refresh', title: t('Refresh'), 'aria-label': t('Refresh'),
      onclick: () => { cache.delete(ticketId); load(root, ticketId); } }, '↻'));
}

function draw(root, ticketId, res) {
  root.removeAttribute('aria-busy');
  if (res.error) {
    const e = res.error;
    root.dataset.state = 'error';
    const msg = e.code === 'exchange_not_connected' ? t('No exchange is connected to this desk.')
      : `${t('Could not read the exchange')}: ${describe(e)}`;
    replace(root, title(ticketId, root), h('div', { class: 'xp-error', testid: 'xp-error', role: 'alert' }, msg));
    return;
  }
  const d = res.data;
  if (!d.linked) {
    root.dataset.state = 'unlinked';
    replace(root, title(ticketId, root), h('div', { class: 'muted' }, t('No exchange account is linked to this customer.')));
    return;
  }
  if (!d.found) {
    root.dataset.state = 'not-found';
    replace(root, title(ticketId, root),
      h('div', { class: 'xp-error', testid: 'xp-not-found' }, t('The exchange has no user {uid}.', { uid: d.uid })));
    return;
  }
  const parts = [d.profile, d.security_events, d.logins, d.balances, d.withdrawals, d.deposits, d.trades];
  if (parts.every((p) => p && p.error)) {
    // Nothing came: one line, not seven of the same.
    root.dataset.state = 'unavailable';
    replace(root, title(ticketId, root), h('div', { class: 'xp-error', testid: 'xp-error', role: 'alert' },
      `${t('Could not read the exchange')}: ${d.profile.error.message || d.profile.error.code}`));
    return;
  }
  root.dataset.state = d.complete ? 'ready' : 'partial';
  replace(root, title(ticketId, root),
    alerts(d),
    profile(d),
    section('security_events', t('Security changes'), d.security_events, securityItem),
    section('logins', t('Logins'), d.logins, loginItem),
    section('balances', t('Balances'), d.balances, balanceItem),
    section('withdrawals', t('Withdrawals'), d.withdrawals, withdrawalItem),
    section('deposits', t('Deposits'), d.deposits, depositItem),
    section('trades', t('Trades'), d.trades, tradeItem),
    h('div', { class: 'xp-fetched muted', title: formatTimeLong(d.fetched_at) }, t('Read {t}', { t: ago(d.fetched_at) })));
}

// ---- alerts and profile ----

function isRecent(iso) { return iso && serverNow() - Date.parse(iso) < RECENT_MS; }

function alerts(d) {
  const out = [];
  const p = d.profile && !d.profile.error ? d.profile : null;
  if (p && p.account_status && p.account_status !== 'active') {
    out.push(h('div', { class: 'xp-alert xp-alert-frozen', role: 'alert', testid: 'xp-alert', dataset: { kind: p.account_status } },
      h('strong', null, statusLabel(p.account_status)),
      p.status_reason ? h('span', { testid: 'xp-status-reason' }, ` — ${p.status_reason}`) : null));
  }
  const ev = d.security_events && Array.isArray(d.security_events.items) ? d.security_events.items : [];
  for (const e of ev) {
    if (!SENSITIVE.has(e.kind) || !isRecent(e.at)) continue;
    out.push(h('div', { class: 'xp-alert xp-alert-security', role: 'alert', testid: 'xp-alert', dataset: { kind: e.kind },
      title: formatTimeLong(e.at) },
    h('strong', null, securityLabel(e.kind)), ` ${ago(e.at)}`));
  }
  return out.length ? h('div', { class: 'xp-alerts' }, out) : null;
}

function statusLabel(s) {
  return { active: t('Active'), frozen: t('Account frozen'), closed: t('Account closed') }[s] || s;
}

function twoFactorLabel(s) {
  return { totp: t('Authenticator app'), sms: t('SMS'), none: t('None') }[s] || s;
}

function kycLabel(k) {
  if (!k) return '—';
  const st = { none: t('not started'), pending: t('pending review'), verified: t('verified'), rejected: t('rejected') }[k.status] || k.status;
  return t('Level {n} · {s}', { n: k.level, s: st });
}

function profile(d) {
  const p = d.profile || {};
  if (p && p.error) return sectionError('profile', t('Profile'), p.error);
  const status = p.account_status || '';
  return h('div', { class: 'xp-profile', testid: 'xp-profile' },
    h('div', { class: 'xp-badges' },
      h('span', { class: `badge xp-status st-${status}`, testid: 'xp-status', dataset: { status } }, statusLabel(status)),
      p.vip_tier > 0 ? h('span', { class: 'badge vip', testid: 'xp-vip' }, `VIP ${p.vip_tier}`)
        : h('span', { class: 'badge', testid: 'xp-vip' }, t('Not VIP'))),
    h('dl', { class: 'facts' },
      h('dt', null, t('UID')), h('dd', { class: 'mono', testid: 'xp-uid' }, d.uid || '—'),
      h('dt', null, t('Name')), h('dd', { testid: 'xp-name' }, p.name || '—'),
      h('dt', null, t('Email')), h('dd', { testid: 'xp-email' }, p.email || '—'),
      h('dt', null, t('Phone')), h('dd', { testid: 'xp-phone' }, p.phone || '—'),
      h('dt', null, t('Country')), h('dd', null, p.country || '—'),
      h('dt', null, t('KYC')), h('dd', { testid: 'xp-kyc' }, kycLabel(p.kyc)),
      h('dt', null, t('2FA')), h('dd', { testid: 'xp-2fa', class: p.two_factor === 'none' ? 'xp-warn' : null }, twoFactorLabel(p.two_factor)),
      h('dt', null, t('Account since')), h('dd', null, p.created_at ? formatTimeLong(p.created_at) : '—')));
}

// ---- the lists ----

function sectionError(name, label, err) {
  return h('div', { class: 'xp-section', testid: 'xp-section', dataset: { section: name, state: 'error' } },
    h('h3', { class: 'xp-sub' }, label),
    h('div', { class: 'xp-error', testid: 'xp-section-error' }, `${t('Could not read this from the exchange')}: ${err.message || err.code}`));
}

function section(name, label, s, item) {
  if (!s) return null;
  if (s.error) return sectionError(name, label, s.error);
  const items = s.items || [];
  return h('div', { class: 'xp-section', testid: 'xp-section', dataset: { section: name, state: 'ready' } },
    h('h3', { class: 'xp-sub' }, label),
    items.length ? h('ul', { class: 'xp-list' }, items.map(item)) : h('div', { class: 'muted' }, t('None')),
    s.more ? h('div', { class: 'muted xp-more' }, t('Only the newest are shown.')) : null);
}

function when(iso) {
  return h('span', { class: 'muted xp-when', title: formatTimeLong(iso) }, ago(iso));
}

function securityLabel(kind) {
  return {
    password_change: t('Password changed'), password_reset: t('Password reset'), '2fa_enabled': t('2FA enabled'),
    '2fa_reset': t('2FA reset'), '2fa_disabled': t('2FA disabled'), email_change: t('Email changed'),
    phone_change: t('Phone changed'), anti_phishing_change: t('Anti-phishing code changed'),
  }[kind] || kind;
}

function securityItem(e) {
  const recent = SENSITIVE.has(e.kind) && isRecent(e.at);
  return h('li', { class: `xp-item${recent ? ' xp-recent' : ''}`, testid: 'xp-security-event', dataset: { kind: e.kind, recent: recent ? 'true' : 'false' } },
    h('div', { class: 'xp-line' }, h('strong', null, securityLabel(e.kind)), when(e.at)),
    e.detail ? h('div', { class: 'xp-detail' }, e.detail) : null,
    e.ip ? h('div', { class: 'muted mono' }, e.ip) : null);
}

function loginItem(l) {
  return h('li', { class: 'xp-item', testid: 'xp-login', dataset: { newDevice: String(!!l.new_device), newCountry: String(!!l.new_country) } },
    h('div', { class: 'xp-line' },
      h('span', null, [l.country, l.ip].filter(Boolean).join(' · ')),
      l.new_country ? h('span', { class: 'badge xp-flag', testid: 'xp-new-country' }, t('New country')) : null,
      l.new_device ? h('span', { class: 'badge xp-flag', testid: 'xp-new-device' }, t('New device')) : null,
      when(l.at)),
    l.user_agent ? h('div', { class: 'muted xp-detail', title: l.device_id || '' }, l.user_agent) : null);
}

function balanceItem(b) {
  return h('li', { class: 'xp-item xp-line', testid: 'xp-balance', dataset: { asset: b.asset } },
    h('strong', null, b.asset),
    h('span', { class: 'mono' }, b.total),
    b.locked && b.locked !== '0' ? h('span', { class: 'muted' }, t('{n} locked', { n: b.locked })) : null);
}

function short(s) { return s && s.length > 16 ? `${s.slice(0, 8)}…${s.slice(-6)}` : s; }

function copyable(label, value) {
  if (!value) return null;
  return h('span', { class: 'xp-copyable' },
    h('span', { class: 'muted' }, `${label} `),
    h('span', { class: 'mono', title: value }, short(value)),
    h('button', { class: 'icon-btn xp-copy', type: 'button', testid: 'xp-copy', title: t('Copy'), 'aria-label': `${t('Copy')} ${label}`,
      dataset: { value },
      onclick: async () => {
        try { await navigator.clipboard.writeText(value); toast(t('Copied'), 'ok'); } catch { toast(t('Could not copy')); }
      } }, '⧉'));
}

function txStatusLabel(s) {
  return { pending: t('Pending'), held: t('Held'), completed: t('Completed'), cancelled: t('Cancelled'), credited: t('Credited') }[s] || s;
}

function moneyLine(x, testid) {
  return h('div', { class: 'xp-line' },
    h('span', { class: `badge xp-tx st-${x.status}`, testid: `${testid}-status` }, txStatusLabel(x.status)),
    h('strong', { class: 'mono' }, `${x.amount} ${x.asset}`),
    h('span', { class: 'muted' }, x.network || ''),
    when(x.created_at));
}

function withdrawalItem(w) {
  return h('li', { class: `xp-item${w.status === 'pending' || w.status === 'held' ? ' xp-open' : ''}`, testid: 'xp-withdrawal', dataset: { status: w.status } },
    moneyLine(w, 'xp-withdrawal'),
    h('div', { class: 'xp-refs' }, copyable(t('to'), w.address), w.memo ? copyable(t('memo'), w.memo) : null, copyable(t('txid'), w.txid)),
    w.reason ? h('div', { class: 'muted xp-detail' }, w.reason) : null);
}

function depositItem(x) {
  const conf = x.status === 'pending' && x.required_confirmations
    ? t('{n}/{m} confirmations', { n: x.confirmations ?? 0, m: x.required_confirmations }) : null;
  return h('li', { class: 'xp-item', testid: 'xp-deposit', dataset: { status: x.status } },
    moneyLine(x, 'xp-deposit'),
    h('div', { class: 'xp-refs' }, copyable(t('txid'), x.txid), copyable(t('to'), x.address)),
    conf ? h('div', { class: 'muted' }, conf) : null,
    x.recovered ? h('div', { class: 'muted' }, t('Recovered deposit')) : null);
}

function tradeItem(x) {
  const side = x.side === 'buy' ? t('Buy') : x.side === 'sell' ? t('Sell') : x.side;
  return h('li', { class: 'xp-item xp-line', testid: 'xp-trade' },
    h('span', { class: `xp-side xp-${x.side}` }, side),
    h('strong', null, x.symbol),
    h('span', { class: 'mono' }, `${x.qty} @ ${x.price}`),
    when(x.at));
}
