// toast.js — one transient message at a time (errors stay longer than confirmations).
import { h } from './dom.js';

let timer = null;

export function toast(text, kind = 'error') {
  const region = document.getElementById('toasts');
  if (!region) return;
  region.replaceChildren(h('div', { class: `toast toast-${kind}`, testid: kind === 'error' ? 'toast' : 'notice', role: kind === 'error' ? 'alert' : 'status' },
    h('span', null, text),
    h('button', { class: 'toast-x', 'aria-label': 'Dismiss', onclick: () => region.replaceChildren() }, '×')));
  clearTimeout(timer);
  timer = setTimeout(() => region.replaceChildren(), kind === 'error' ? 8000 : 3000);
}
