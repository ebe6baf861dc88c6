// shortcuts.js — single-key shortcuts for the whole console. None fires while the focus is in
// a text field or while a dialog is open (Esc is the dialog's own). Ctrl/⌘+Enter (send) lives
// in the composer itself.

import { $, isTyping, openDialog } from './dom.js';
import { moveSelection, openSelected, focusViews, focusSearch } from './views.js';
import { conv, assignMe, setStatus } from './conversation.js';
import { focusComposer, openMacros } from './composer.js';
import { openEscalate } from './actions.js';
import { state } from './state.js';

export const SHORTCUTS = [
  ['j / k', 'Next / previous ticket in the list'],
  ['Enter or o', 'Open the selected ticket'],
  ['r', 'Reply (public)'],
  ['n', 'Internal note'],
  ['m', 'Macros (canned replies)'],
  ['Ctrl/⌘ + Enter', 'Send'],
  ['a', 'Assign to me'],
  ['s', 'Set solved'],
  ['p', 'Set pending'],
  ['e', 'Escalate'],
  ['/', 'Search tickets'],
  ['g then v', 'Focus the views'],
  ['?', 'This help'],
  ['Esc', 'Close dialogs / leave a text field'],
];

let gPressed = 0;

export function initShortcuts() {
  document.addEventListener('keydown', onKey);
}

function onKey(e) {
  if (!state.me || $('#app').hidden) return;
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (document.querySelector('dialog[open]')) return;
  if (e.target && e.target.closest && e.target.closest('[data-testid="macro-picker"]')) return;
  if (isTyping(e.target)) return;
  const tag = e.target && e.target.tagName;
  const onControl = tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY';

  const k = e.key;
  if (gPressed && Date.now() - gPressed < 1500) {
    gPressed = 0;
    if (k === 'v') { e.preventDefault(); focusViews(); return; }
  }
  gPressed = 0;
  const inTicket = !!conv.ticket;
  switch (k) {
    case 'j': e.preventDefault(); moveSelection(1); break;
    case 'k': e.preventDefault(); moveSelection(-1); break;
    case 'Enter': if (onControl) return; e.preventDefault(); openSelected(); break;
    case 'o': e.preventDefault(); openSelected(); break;
    case 'r': if (inTicket && focusComposer('reply')) e.preventDefault(); break;
    case 'n': if (inTicket && focusComposer('note')) e.preventDefault(); break;
    case 'm': if (inTicket && openMacros()) e.preventDefault(); break;
    case 'a': if (inTicket) { e.preventDefault(); assignMe(); } break;
    case 's': if (inTicket) { e.preventDefault(); setStatus('solved'); } break;
    case 'p': if (inTicket) { e.preventDefault(); setStatus('pending'); } break;
    case 'e': if (inTicket) { e.preventDefault(); openEscalate(); } break;
    case '/': e.preventDefault(); focusSearch(); break;
    case 'g': gPressed = Date.now(); break;
    case '?': e.preventDefault(); openDialog($('#help-dialog')); break;
    default: break;
  }
}
