// i18n.js — console UI strings and formatting of times, SLA countdowns and languages.
// Strings are looked up by their English text; a missing translation falls back to English.

import zhCN from './i18n-zh-CN.js';

const dict = { 'zh-CN': zhCN };

let lang = 'en';
export function setUiLanguage(l) { lang = dict[l] ? l : 'en'; document.documentElement.lang = lang; }

/** Static markup: elements with data-i18n get their text (or data-i18n-attr's attribute) translated. */
export function translateDom(root = document) {
  if (lang === 'en') return;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.textContent.trim());
  for (const el of root.querySelectorAll('[placeholder]')) el.placeholder = t(el.placeholder);
  for (const el of root.querySelectorAll('[title]')) el.title = t(el.title);
  for (const el of root.querySelectorAll('option[data-i18n-option]')) el.textContent = t(el.textContent.trim());
}
export function uiLanguage() { return lang; }
export const uiLanguages = [['en', 'English'], ['zh-CN', '简体中文']];

export function t(s, vars) {
  let out = (dict[lang] && dict[lang][s]) || s;
  if (vars) out = out.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return out;
}

const LANG_NAMES = {
  en: 'English', 'zh-CN': '简体中文', 'zh-TW': '繁體中文', zh: '中文', ja: '日本語', ko: '한국어', ru: 'Русский',
  vi: 'Tiếng Việt', tr: 'Türkçe', es: 'Español', pt: 'Português', de: 'Deutsch', fr: 'Français', ar: 'العربية',
  id: 'Bahasa Indonesia', th: 'ไทย', uk: 'Українська',
};
export const knownLanguages = Object.keys(LANG_NAMES);
export function languageName(code) { return LANG_NAMES[code] || code || '—'; }

// Plain BMP symbols that common system fonts carry (no emoji font needed).
export const CHANNEL_ICON = { email: '✉', chat: '❝', web: '⌂', api: '⚙', phone: '☎', telegram: '➤' };

/** "3m 12s", "2h 05m", "1d 4h" — for an absolute number of milliseconds. */
export function duration(ms) {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400), hh = Math.floor((s % 86400) / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  if (d > 0) return `${d}d ${hh}h`;
  if (hh > 0) return `${hh}h ${String(mm).padStart(2, '0')}m`;
  if (mm > 0) return `${mm}m ${String(ss).padStart(2, '0')}s`;
  return `${ss}s`;
}

/**
 * SLA state of a ticket's first reply: {state: 'met'|'breached'|'due'|'none', text, title}.
 * breached: breached_at set, or due passed without a reply.
 */
export function slaState(ticket, now = Date.now()) {
  const fr = ticket && ticket.sla && ticket.sla.first_reply;
  if (!fr || !fr.due_at) return { state: 'none', text: '', title: '' };
  const due = Date.parse(fr.due_at);
  if (fr.fulfilled_at) {
    const late = !!fr.breached_at;
    return { state: late ? 'met-late' : 'met', text: late ? t('Replied late') : t('Replied'),
      title: `${t('First reply')} ${formatTime(fr.fulfilled_at)}` };
  }
  if (fr.breached_at || due <= now) {
    return { state: 'breached', text: `−${duration(now - due)}`, title: `${t('First reply SLA breached at')} ${formatTime(fr.due_at)}` };
  }
  return { state: 'due', text: duration(due - now), title: `${t('First reply due')} ${formatTime(fr.due_at)}` };
}

export function isBreached(ticket, now = Date.now()) {
  const fr = ticket && ticket.sla && ticket.sla.first_reply;
  if (!fr) return false;
  if (fr.breached_at) return true;
  return !fr.fulfilled_at && !!fr.due_at && Date.parse(fr.due_at) <= now;
}

const fmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const fmtLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
export function formatTime(iso) { return iso ? fmt.format(new Date(iso)) : ''; }
const fmtClock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
export function formatTimeLong(iso) { return iso ? fmtLong.format(new Date(iso)) : ''; }
/** "14:02:07" — a time of day to the second (e.g. when a mail is tried again). */
export function formatClock(iso) { return iso ? fmtClock.format(new Date(iso)) : ''; }

export function ago(iso, now = Date.now()) {
  if (!iso) return '';
  const ms = now - Date.parse(iso);
  if (ms < 45000) return t('just now');
  return t('{d} ago', { d: duration(ms).split(' ')[0] });
}
