// i18n.js — console UI strings and formatting of times, durations and languages (SLA countdowns:
// sla.js).
// Strings are looked up by their English text; a missing translation falls back to English.

import zhCN from './i18n-zh-CN.js';
import { serverNow } from './api.js';

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

const fmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const fmtLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
export function formatTime(iso) { return iso ? fmt.format(new Date(iso)) : ''; }
const fmtClock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
export function formatTimeLong(iso) { return iso ? fmtLong.format(new Date(iso)) : ''; }
/** "14:02:07" — a time of day to the second (when a mail is tried again, an SLA is due). */
export function formatClock(iso) { return iso ? fmtClock.format(new Date(iso)) : ''; }

export function ago(iso, now = serverNow()) {
  if (!iso) return '';
  const ms = now - Date.parse(iso);
  if (ms < 45000) return t('just now');
  return t('{d} ago', { d: duration(ms).split(' ')[0] });
}
