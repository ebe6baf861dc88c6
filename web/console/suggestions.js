// suggestions.js — "Suggested articles" beside the open ticket: knowledge-base articles found
// from what the customer wrote (GET /tickets/{id}/kb_suggestions, docs/api.md "Suggestions for
// a ticket"). Loaded when a ticket opens and again shortly after each new customer message,
// and only while the panel is expanded (collapsed, it loads when expanded; the choice is kept
// in localStorage). "Insert link" puts the article's public help-center address, after its
// title, into the reply box at the cursor; "Insert text" puts the article's text there (its
// Markdown read as plain text). Titles and snippets become text nodes (hits as <mark>), and what
// is inserted becomes part of a textarea's value: nothing here parses or builds HTML.
// The reply box is composer.js's; this module only types into it, as a person would, and
// sends it an `input` event so the draft is kept.

import { get, describe } from './api.js';
import { h, $, replace } from './dom.js';
import { t, languageName } from './i18n.js';
import { on, canWrite } from './state.js';
import { toast } from './toast.js';

const OPEN_KEY = 'exdesk.kbSuggest.open';
const LIMIT = 5;
const RELOAD_MS = 600;          // a burst of customer messages is one reload
const MAX_INSERT = 60000;       // characters: a reply holds 64 KiB

const s = {
  ticket: null, items: null, locale: null,
  open: true, stale: true, seq: 0, timer: null,
};
const el = {};

export function initSuggestions() {
  el.root = $('#kb-suggest');
  if (!el.root) return;
  s.open = localStorage.getItem(OPEN_KEY) !== '0';
  el.count = h('span', { class: 'suggest-count', testid: 'kb-suggestions-count' });
  el.toggle = h('button', {
    type: 'button', class: 'suggest-toggle', testid: 'kb-suggestions-toggle',
    'aria-expanded': String(s.open), 'aria-controls': 'kb-suggest-body', onclick: () => setOpen(!s.open),
  }, h('span', { class: 'suggest-chevron', 'aria-hidden': 'true' }), h('span', null, t('Suggested articles')), ' ', el.count);
  el.status = h('p', { class: 'muted suggest-status', testid: 'kb-suggestions-status', role: 'status' });
  el.list = h('ul', { class: 'suggest-list', testid: 'kb-suggestions-list' });
  el.body = h('div', { id: 'kb-suggest-body', class: 'suggest-body', hidden: !s.open }, el.status, el.list);
  el.root.setAttribute('aria-label', t('Suggested articles'));
  replace(el.root, h('h2', { class: 'panel-title suggest-heading' }, el.toggle), el.body);

  on('ticket-loaded', ticketLoaded);
  on('ticket-changed', (tk) => { if (s.ticket && tk && tk.id === s.ticket.id) s.ticket = tk; });
  on('ticket-closed', () => {
    clearTimeout(s.timer);
    s.seq++;
    s.ticket = null; s.items = null;
    el.root.hidden = true;
  });
}

/** The stream's `message` frames (app.js): a new customer message asks again. */
export function onStreamMessage(data) {
  const m = data && data.message;
  if (!s.ticket || !m || data.ticket_id !== s.ticket.id || m.kind !== 'customer') return;
  s.stale = true;
  if (!s.open) return;
  clearTimeout(s.timer);
  s.timer = setTimeout(load, RELOAD_MS);
}

function ticketLoaded(tk) {
  if (!s.ticket || s.ticket.id !== tk.id) {
    s.items = null;
    replace(el.list);
    el.count.textContent = '';
  }
  s.ticket = tk;
  s.stale = true;
  el.root.hidden = false;
  if (s.open) load();
}

function setOpen(open) {
  s.open = open;
  localStorage.setItem(OPEN_KEY, open ? '1' : '0');
  el.toggle.setAttribute('aria-expanded', String(open));
  el.body.hidden = !open;
  if (open && s.stale && s.ticket) load();
}

async function load() {
  clearTimeout(s.timer);
  const tk = s.ticket;
  if (!tk) return;
  const seq = ++s.seq;
  s.stale = false;
  if (!s.items) status(t('Loading…'));
  el.root.setAttribute('aria-busy', 'true');
  try {
    const res = await get(`/tickets/${tk.id}/kb_suggestions`, { limit: LIMIT });
    if (seq !== s.seq) return;
    s.items = Array.isArray(res.suggestions) ? res.suggestions : [];
    s.locale = res.locale || null;
    render();
  } catch (e) {
    if (seq !== s.seq) return;
    s.stale = true;
    s.items = null;
    replace(el.list);
    el.count.textContent = '';
    status(`${t('Could not load suggestions')}: ${describe(e)}`);
  } finally {
    if (seq === s.seq) el.root.removeAttribute('aria-busy');
  }
}

function status(text) {
  el.status.textContent = text;
  el.status.hidden = !text;
}

function render() {
  const items = s.items || [];
  el.count.textContent = items.length ? `(${items.length})` : '';
  status(items.length ? '' : t('No articles match this ticket yet.'));
  replace(el.list, items.map(item));
}

/** Text with its matched words as <mark> (spans from the API; text nodes only). */
function spans(list, text) {
  if (!Array.isArray(list) || !list.length) return text || '';
  return list.map((p) => (p.hit ? h('mark', null, String(p.text)) : String(p.text)));
}

/** The public address of an article: only the help center's own pages, made absolute. */
function publicUrl(x) {
  if (typeof x.url !== 'string' || !x.url.startsWith('/help/')) return null;
  return new URL(x.url, location.origin).href;
}

function item(x) {
  const url = publicUrl(x);
  const draft = x.status !== 'published';
  const other = s.locale && x.locale !== s.locale;
  const writer = canWrite();   // qa reads tickets but has no reply box
  const title = url
    ? h('a', { class: 'suggest-title', href: url, target: '_blank', rel: 'noopener noreferrer', lang: x.locale,
      testid: 'kb-suggestion-title', title: t('Open in the help center') }, spans(x.title_highlights, x.title))
    : h('span', { class: 'suggest-title', lang: x.locale, testid: 'kb-suggestion-title' }, spans(x.title_highlights, x.title));
  return h('li', { class: 'suggest-item', testid: 'kb-suggestion', dataset: { id: x.id, locale: x.locale, status: x.status } },
    h('div', { class: 'suggest-head' }, title,
      draft ? h('span', { class: 'badge draft', testid: 'kb-suggestion-draft', title: t('Not published: customers cannot open it') }, t('Draft')) : null,
      other ? h('span', { class: 'badge lang', title: languageName(x.locale) }, x.locale) : null),
    x.snippet ? h('p', { class: 'suggest-snippet', lang: x.locale }, spans(x.snippet_highlights, x.snippet)) : null,
    h('div', { class: 'suggest-actions' },
      h('button', {
        type: 'button', class: 'btn small', testid: 'kb-insert-link', disabled: !url || !writer,
        title: url ? t('Insert the public link into the reply') : t('A draft has no public link'),
        'aria-label': `${t('Insert link')}: ${x.title}`, onclick: () => insertLink(x),
      }, t('Insert link')),
      h('button', {
        type: 'button', class: 'btn small', testid: 'kb-insert-text', disabled: !writer,
        title: t("Insert the article's text into the reply"),
        'aria-label': `${t('Insert text')}: ${x.title}`, onclick: (e) => insertText(x, e.currentTarget),
      }, t('Insert text'))));
}

// ---- inserting ------------------------------------------------------------------------------

function composer() {
  return document.querySelector('#conversation [data-testid="composer"]');
}

/**
 * Types text into the reply box at the cursor (replacing a selection), as its own word (inline)
 * or paragraph (block), then gives the box the focus with the cursor after it.
 */
function insert(text, block) {
  const ta = composer();
  if (!ta) { toast(t('This ticket has no reply box to insert into.')); return false; }
  const start = ta.selectionStart ?? ta.value.length;
  const end = ta.selectionEnd ?? start;
  const before = ta.value.slice(0, start);
  const after = ta.value.slice(end);
  const sep = block ? '\n' : ' ';
  const lead = before && !before.endsWith(sep) && !(!block && /\s$/.test(before)) ? sep : '';
  const trail = after && !after.startsWith(sep) && !(!block && /^\s/.test(after)) ? sep : '';
  ta.focus();
  ta.setRangeText(lead + text + trail, start, end, 'end');
  if (trail) ta.setSelectionRange(ta.selectionEnd - trail.length, ta.selectionEnd - trail.length);
  ta.dispatchEvent(new Event('input', { bubbles: true }));   // composer.js keeps the draft
  return true;
}

function insertLink(x) {
  const url = publicUrl(x);
  if (!url) return;
  const title = String(x.title || '').trim();
  // "Title: URL", or "Title? URL" when the title ends in its own punctuation.
  const line = !title ? url : /[.!?:;。！？：；…]$/.test(title) ? `${title} ${url}` : `${title}: ${url}`;
  insert(line, false);
}

async function insertText(x, button) {
  button.disabled = true;
  try {
    const res = await get(`/kb/articles/${encodeURIComponent(x.id)}`, { locale: x.locale });
    const text = plainText((res.article && res.article.body) || '');
    if (!text) { toast(t('The article has no text.')); return; }
    if (text.length > MAX_INSERT) { toast(t('The article is too long for a reply: insert its link instead.')); return; }
    insert(text, true);
  } catch (e) {
    toast(`${t('Could not load the article')}: ${describe(e)}`);
  } finally {
    button.disabled = false;
  }
}

/**
 * An article's Markdown as the plain text a reader sees: no heading marks, emphasis, code
 * ticks, quote marks or escapes; bullets as "•"; a link as "text (address)" when its address is
 * a web or mail address, else its text; an image as its description. Raw HTML stays as the
 * characters it is (it is text in a text box, never markup).
 */
export function plainText(md) {
  const lines = String(md).replace(/\r\n?/g, '\n').split('\n')
    .filter((line) => !/^ {0,3}(```|~~~)/.test(line))
    .map((line) => line
      .replace(/^ {0,3}#{1,6}(\s+|$)/, '')
      .replace(/^ {0,3}>\s?/, '')
      .replace(/^(\s*)[*+-]\s+/, '$1• ')
      .replace(/^ {0,3}([-*_])( *\1){2,} *$/, ''));
  return lines.join('\n')
    .replace(/!\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)>?(?:\s+"[^"]*")?\s*\)/g, (m, text, href) => (
      /^(https?:|mailto:)/i.test(href) ? (text === href ? href : `${text} (${href})`) : text))
    .replace(/<((?:https?|mailto):[^>\s]+)>/gi, '$1')
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
