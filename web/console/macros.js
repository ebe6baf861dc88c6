// macros.js — the "Macros" picker of the reply box: the canned replies this agent may use
// (GET /macros: desk-wide ones and its groups'), searched as you type in every language they are
// written in, previewed in the customer's language (POST /tickets/{id}/macros/{mid}/preview:
// the ticket's language, else the macro's default; template variables filled by the server), and
// inserted into the composer as plain text for the agent to edit. What the macro also does
// (status, priority, tags, reply or internal note) is shown as chips; the composer applies them
// when the reply is sent (POST .../apply). Nothing here builds HTML from text: the preview is a
// text node, the insert goes into a <textarea>.
//
// Keyboard: `m` (or the Macros button) opens it with the cursor in its search field; ↑/↓ move,
// Enter previews the selected macro, Enter again (or Insert) inserts it; Esc goes back, then
// closes.

import { get, post, describe } from './api.js';
import { h, replace, options } from './dom.js';
import { t, languageName } from './i18n.js';
import { groupName } from './state.js';

const p = {
  el: null, ticket: null, onInsert: null, macros: [], shown: [], selected: 0,
  previewing: null, preview: null, seq: 0, returnFocus: null,
};

export function pickerOpen() { return !!(p.el && !p.el.hidden); }

/** Chips for a macro's actions (also used by the composer for an attached macro). */
export function actionChips(actions) {
  const chips = [];
  const chip = (kind, text, title) => h('span', { class: `macro-chip chip-${kind}`, testid: 'macro-chip', dataset: { kind }, title: title || null }, text);
  if (!actions) return chips;
  chips.push(actions.public === false
    ? chip('note', t('Internal note'))
    : chip('reply', t('Public reply')));
  if (actions.status) chips.push(chip('status', t('Set status: {s}', { s: t(actions.status) })));
  if (actions.priority) chips.push(chip('priority', t('Priority: {p}', { p: t(actions.priority) })));
  for (const tag of actions.add_tags || []) chips.push(chip('add-tag', `+ ${tag}`, t('Add tag {tag}', { tag })));
  for (const tag of actions.remove_tags || []) chips.push(chip('remove-tag', `− ${tag}`, t('Remove tag {tag}', { tag })));
  return chips;
}

/**
 * Open the picker inside container (the composer's wrapper) for ticket. onInsert({macro, body,
 * locale}) is called with the previewed text when the agent inserts it.
 */
export async function openMacroPicker(container, ticket, onInsert) {
  if (!p.el || !container.contains(p.el)) {
    p.el = h('div', { class: 'macro-picker', testid: 'macro-picker', role: 'dialog', 'aria-label': t('Macros'), hidden: true });
    p.el.addEventListener('keydown', onKey);
    container.appendChild(p.el);
  }
  if (!p.outside) {
    // A click anywhere else closes it (the Macros button toggles it itself).
    p.outside = (e) => {
      if (pickerOpen() && !p.el.contains(e.target) && !(e.target.closest && e.target.closest('[data-testid="macros"]'))) closeMacroPicker(false);
    };
    document.addEventListener('mousedown', p.outside);
  }
  p.ticket = ticket;
  p.onInsert = onInsert;
  p.returnFocus = document.activeElement;
  p.previewing = null;
  p.query = '';
  p.selected = 0;
  p.headKind = null;
  p.el.hidden = false;
  renderList(t('Loading…'));
  try {
    p.macros = (await get('/macros')).macros || [];
  } catch (e) {
    p.macros = [];
    renderList(`${t('Could not load macros')}: ${describe(e)}`);
    return;
  }
  if (!pickerOpen()) return;
  renderList();
}

export function closeMacroPicker(restoreFocus = true) {
  if (!p.el || p.el.hidden) return;
  p.el.hidden = true;
  p.seq++;
  if (restoreFocus && p.returnFocus && document.contains(p.returnFocus)) p.returnFocus.focus();
}

/** Every text a macro can be found by: its name and its text in each language, lowercased. */
function haystack(m) {
  return [m.name, ...Object.values(m.variants || {})].join('\n').toLocaleLowerCase();
}

/** The list's head (title, search, close): made once per opening, so what the agent types while
 * the macros load stays, and the focus with it. */
function listHead() {
  if (p.headKind === 'list') return;
  const search = h('input', {
    type: 'search', class: 'macro-search', testid: 'macro-search', placeholder: t('Search macros…'),
    'aria-label': t('Search macros…'), 'aria-controls': 'macro-list', maxlength: '200', autocomplete: 'off',
    value: p.query || '',
  });
  search.addEventListener('input', () => { p.query = search.value; p.selected = 0; if (p.list) fillList(); });
  p.search = search;
  p.list = null;
  p.body = h('div', { class: 'macro-body' });
  p.headKind = 'list';
  replace(p.el,
    h('div', { class: 'macro-head' },
      h('strong', null, t('Macros')),
      search,
      h('button', { type: 'button', class: 'icon-btn', testid: 'macro-close', 'aria-label': t('Close'), title: t('Close (Esc)'), onclick: () => closeMacroPicker() }, '×')),
    p.body);
}

function renderList(message) {
  listHead();
  if (message) {
    p.list = null;
    replace(p.body, h('p', { class: 'muted macro-empty', testid: 'macro-message' }, message));
  } else {
    p.list = h('ul', { class: 'macro-list', id: 'macro-list', role: 'listbox', testid: 'macro-list', 'aria-label': t('Macros') });
    replace(p.body, p.list);
    fillList();
  }
  if (document.activeElement !== p.search) p.search.focus();
}

function fillList() {
  const q = (p.query || '').trim().toLocaleLowerCase();
  p.shown = p.macros.filter((m) => !q || haystack(m).includes(q));
  if (p.selected >= p.shown.length) p.selected = Math.max(0, p.shown.length - 1);
  if (!p.shown.length) {
    if (p.search) p.search.removeAttribute('aria-activedescendant');
    replace(p.list, h('li', { class: 'muted macro-empty' }, p.macros.length ? t('No macros match.') : t('No macros yet.')));
    return;
  }
  replace(p.list, p.shown.map((m, i) => h('li', {
    class: 'macro-item', role: 'option', id: `macro-opt-${m.id}`, testid: 'macro-item',
    dataset: { id: m.id }, 'aria-selected': String(i === p.selected),
    onclick: () => { p.selected = i; showPreview(m); },
  },
  h('span', { class: 'macro-name' }, m.name),
  h('span', { class: 'macro-scope muted' }, m.group_id ? groupName(m.group_id) : t('Desk-wide')),
  h('span', { class: 'macro-locales muted', title: Object.keys(m.variants || {}).map(languageName).join(', ') },
    Object.keys(m.variants || {}).join(' · ')))));
  const sel = p.list.querySelector('[aria-selected="true"]');
  if (sel) sel.scrollIntoView({ block: 'nearest' });
  if (p.search) p.search.setAttribute('aria-activedescendant', sel ? sel.id : '');
}

async function showPreview(m, locale) {
  const seq = ++p.seq;
  p.previewing = m;
  p.preview = null;
  p.headKind = 'preview';
  const body = h('div', { class: 'macro-preview-body', testid: 'macro-preview', lang: null }, t('Loading…'));
  const localeSel = h('select', { testid: 'macro-locale', 'aria-label': t('Language') });
  const insert = h('button', { type: 'button', class: 'btn primary', testid: 'macro-insert', disabled: true, onclick: insertNow }, t('Insert'));
  const notes = h('div', { class: 'macro-notes', testid: 'macro-notes' });
  replace(p.el,
    h('div', { class: 'macro-head' },
      h('button', { type: 'button', class: 'btn ghost', testid: 'macro-back', onclick: () => { p.previewing = null; renderList(); } }, `← ${t('Back')}`),
      h('strong', { class: 'macro-title' }, m.name),
      localeSel),
    notes,
    body,
    h('div', { class: 'macro-actions' },
      h('span', { class: 'macro-chips' }, actionChips(m.actions)),
      h('span', { class: 'muted macro-when' }, t('Applied when you send')),
      insert));
  let res;
  try {
    res = await post(`/tickets/${p.ticket.id}/macros/${m.id}/preview`, locale ? { locale } : {});
  } catch (e) {
    if (seq !== p.seq) return;
    replace(body, `${t('Could not preview the macro')}: ${describe(e)}`);
    return;
  }
  if (seq !== p.seq) return;
  p.preview = res;
  options(localeSel, Object.keys(m.variants || {}).map((l) => [l, languageName(l)]), res.locale);
  localeSel.addEventListener('change', () => showPreview(m, localeSel.value));
  body.lang = res.locale;
  replace(body, res.body);   // a text node: the customer's name is never markup
  const lines = [];
  if (res.fallback) {
    lines.push(t('No {lang} text — showing {default}', {
      lang: languageName(p.ticket.language), default: languageName(res.locale),
    }));
  }
  if (res.missing && res.missing.length) lines.push(t('No value for {list} — check the text before sending.', { list: res.missing.join(', ') }));
  replace(notes, lines.map((l) => h('p', { class: 'macro-note' }, l)));
  insert.disabled = false;
  insert.focus();
}

function insertNow() {
  if (!p.preview || !p.previewing) return;
  const m = p.previewing;
  const res = p.preview;
  closeMacroPicker(false);
  p.onInsert({ macro: { id: m.id, name: m.name, actions: res.actions || m.actions }, body: res.body, locale: res.locale });
}

function onKey(e) {
  if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    if (p.previewing) { p.previewing = null; p.seq++; renderList(); } else closeMacroPicker();
    return;
  }
  if (p.previewing) {
    if (e.key === 'Enter' && e.target.tagName !== 'SELECT' && e.target.tagName !== 'BUTTON') { e.preventDefault(); insertNow(); }
    return;
  }
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    if (!p.shown.length) return;
    p.selected = (p.selected + (e.key === 'ArrowDown' ? 1 : -1) + p.shown.length) % p.shown.length;
    fillList();
  } else if (e.key === 'Enter') {
    e.preventDefault();
    if (p.shown[p.selected]) showPreview(p.shown[p.selected]);
  }
}
