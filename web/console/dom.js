// dom.js — the only way the console builds DOM. Text always goes in as text nodes
// (createTextNode / textContent); there is deliberately no helper that parses HTML.

/**
 * h('div', {class: 'row', dataset: {id: 3}, onclick: fn}, 'text', child, [more])
 * Strings and numbers become text nodes; null/false children are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') for (const [dk, dv] of Object.entries(v)) { if (dv !== null && dv !== undefined) el.dataset[dk] = String(dv); }
      else if (k === 'testid') el.dataset.testid = v;
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'value') el.value = v;
      else if (k === 'checked' || k === 'disabled' || k === 'selected' || k === 'hidden' || k === 'required') el[k] = !!v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
  return el;
}

/** Replace all children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** <select> options from [[value, label], ...]. */
export function options(select, pairs, selected) {
  select.replaceChildren(...pairs.map(([v, label, disabled]) => {
    const o = document.createElement('option');
    o.value = v; o.textContent = label;
    if (disabled) o.disabled = true;
    if (String(v) === String(selected)) o.selected = true;
    return o;
  }));
  return select;
}

/** True when the keyboard focus is somewhere the user types text. */
export function isTyping(target = document.activeElement) {
  if (!target || target === document.body) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA') return true;
  if (tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const t = (target.type || 'text').toLowerCase();
    return !['button', 'submit', 'checkbox', 'radio', 'reset'].includes(t);
  }
  return false;
}

/** Open a <dialog> modally; closing is the dialog's own Esc handling. */
export function openDialog(d) {
  if (!d.open) d.showModal();
}
