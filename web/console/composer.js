// composer.js — the reply / internal-note box under the conversation. Sends
// last_seen_message_id with replies so a reply that crossed someone else's is refused (409
// reply_collision) instead of sent; the draft is kept and the new messages are loaded.
// Typing is signalled at most once per 3 s; with "public": false while writing an internal note,
// so the server keeps it among agents and never shows the customer "agent is typing".
// On an email ticket the reply mode says the reply goes out by email, and to which address.
// A macro (macros.js) inserts its text here for the agent to edit; its actions stay attached as
// chips and are applied with the text when it is sent (POST .../macros/{id}/apply), or dropped
// with the chips' ×. The attached macro is part of the draft.

import { post, patch, describe } from './api.js';
import { h, replace, options } from './dom.js';
import { t, CHANNEL_ICON } from './i18n.js';
import { state, canWrite, TRANSITIONS } from './state.js';
import { toast } from './toast.js';
import { openMacroPicker, closeMacroPicker, pickerOpen, actionChips } from './macros.js';

const TYPING_EVERY_MS = 3000;
const TYPING_IDLE_MS = 4000;

const c = {
  ticket: null, mode: 'reply', hooks: null, el: {}, sending: false,
  macro: null,   // {id, name, actions} attached by the Macros picker, applied on send
  typingSentAt: 0, typingOn: false, typingPublic: false, typingIdle: null,
};

const draftKey = (id) => `exdesk.draft.${id}`;

export function mountComposer(container, ticket, hooks) {
  stopTyping();
  c.ticket = ticket;
  c.hooks = hooks;
  c.el.container = container;
  const saved = JSON.parse(sessionStorage.getItem(draftKey(ticket.id)) || 'null');
  c.mode = saved && saved.mode === 'note' ? 'note' : 'reply';
  c.macro = saved && saved.macro && saved.macro.id ? saved.macro : null;
  closeMacroPicker(false);
  render(saved ? saved.body : '');
}

function writableReason(tk) {
  if (!canWrite()) return t('Your role can read tickets but not answer them.');
  if (tk.merged_into_id) return t('This ticket was merged; answer on the surviving ticket.');
  if (tk.status === 'closed') return t('This ticket is closed. A new customer message opens a follow-up ticket.');
  return null;
}

function render(body) {
  const tk = c.ticket;
  const reason = writableReason(tk);
  if (reason) {
    replace(c.el.container, h('div', { class: 'composer-readonly', testid: 'composer-readonly' }, reason));
    c.el.text = null;
    c.el.attached = null;
    return;
  }
  c.el.reply = h('button', { class: 'mode', testid: 'mode-reply', type: 'button', onclick: () => setMode('reply', true, true) }, t('Reply'));
  c.el.note = h('button', { class: 'mode', testid: 'mode-note', type: 'button', onclick: () => setMode('note', true, true) }, t('Internal note'));
  c.el.macros = h('button', { class: 'mode macros-btn', testid: 'macros', type: 'button', 'aria-haspopup': 'dialog',
    title: t('Macros (m)'), onclick: () => (pickerOpen() ? closeMacroPicker() : openMacros()) }, t('Macros'));
  c.el.attached = h('div', { class: 'macro-attached', testid: 'macro-attached', hidden: true });
  c.el.text = h('textarea', { class: 'composer', testid: 'composer', rows: '4', lang: tk.language || null, 'aria-label': t('Message') });
  c.el.text.value = body || '';
  c.el.text.addEventListener('input', onInput);
  c.el.text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); }
    if (e.key === 'Escape') { e.preventDefault(); c.el.text.blur(); }
  });
  c.el.text.addEventListener('blur', () => stopTyping());
  c.el.status = h('select', { testid: 'send-status', 'aria-label': t('Then set status') });
  c.el.status.addEventListener('change', updateSendLabel);
  c.el.statusLabel = h('label', { class: 'send-status' }, h('span', null, t('and set')), c.el.status);
  c.el.send = h('button', { class: 'btn primary', testid: 'send', type: 'button', onclick: send });
  c.el.collision = h('div', { class: 'collision', testid: 'collision', role: 'alert', hidden: true });
  c.el.hint = h('span', { class: 'muted hint' }, t('Ctrl/⌘+Enter to send'));
  replace(c.el.container,
    c.el.collision,
    h('div', { class: 'composer-box' },
      h('div', { class: 'modes', role: 'group', 'aria-label': t('Composer mode') }, c.el.reply, c.el.note, c.el.macros,
        h('span', { class: 'mode-hint muted' }),
        h('span', { class: 'reply-via', testid: 'reply-via', hidden: true })),
      c.el.attached,
      c.el.text,
      h('div', { class: 'composer-actions' },
        c.el.hint,
        c.el.statusLabel,
        c.el.send)));
  fillStatus();
  setMode(c.mode, false);
  renderAttached();
}

// ---- macros ----------------------------------------------------------------------------

/** Keyboard: m, and the Macros button. */
export function openMacros() {
  if (!c.el.text) return false;
  openMacroPicker(c.el.container, c.ticket, insertMacro);
  return true;
}

function macroMode(m) { return m && m.actions && m.actions.public === false ? 'note' : 'reply'; }

/** The picker's Insert: the text at the cursor (as text), the actions attached. */
function insertMacro({ macro, body }) {
  const ta = c.el.text;
  if (!ta) return;
  if (!ta.value.trim()) {
    ta.value = body;
    ta.setSelectionRange(body.length, body.length);
  } else {
    ta.setRangeText(body, ta.selectionStart, ta.selectionEnd, 'end');
  }
  c.macro = macro;
  setMode(macroMode(macro), false);
  renderAttached();
  saveDraft();
  ta.focus();
}

function detachMacro(why) {
  if (!c.macro) return;
  c.macro = null;
  renderAttached();
  saveDraft();
  if (why) toast(why, 'ok');
}

function renderAttached() {
  if (!c.el.attached) return;
  const m = c.macro;
  c.el.attached.hidden = !m;
  c.el.statusLabel.hidden = !!(m && m.actions && m.actions.status);
  if (m) {
    replace(c.el.attached,
      h('span', { class: 'macro-attached-name', testid: 'macro-attached-name' }, t('Macro: {name}', { name: m.name })),
      h('span', { class: 'macro-chips' }, actionChips(m.actions)),
      h('span', { class: 'muted macro-when' }, t('Applied when you send')),
      h('button', { type: 'button', class: 'icon-btn', testid: 'macro-detach', 'aria-label': t("Remove the macro's actions"),
        title: t("Remove the macro's actions"), onclick: () => detachMacro() }, '×'));
  } else {
    c.el.attached.replaceChildren();
  }
  updateSendLabel();
}

function fillStatus() {
  if (!c.el.status) return;
  const allowed = TRANSITIONS[c.ticket.status] || [];
  const keep = c.el.status.value;
  const pairs = [['', t('keep status')]];
  for (const s of ['pending', 'solved']) if (allowed.includes(s) || c.ticket.status === s) pairs.push([s, t(s)]);
  options(c.el.status, pairs, keep);
  updateSendLabel();
}

function setMode(mode, focus, byUser) {
  // The macro posts what it is (a reply or a note): writing the other kind drops its actions.
  if (byUser && c.macro && macroMode(c.macro) !== mode) {
    detachMacro(mode === 'note'
      ? t("The macro's actions were removed: it is a public reply")
      : t("The macro's actions were removed: it is an internal note"));
  }
  c.mode = mode;
  if (!c.el.text) return;
  if (c.typingOn && c.typingPublic !== (mode === 'reply')) stopTyping();
  c.el.reply.setAttribute('aria-pressed', String(mode === 'reply'));
  c.el.note.setAttribute('aria-pressed', String(mode === 'note'));
  c.el.container.classList.toggle('note-mode', mode === 'note');
  c.el.text.classList.toggle('composer-note', mode === 'note');
  c.el.text.placeholder = mode === 'note'
    ? t('Internal note — only agents see this')
    : t('Reply to {name} — the customer sees this', { name: (c.ticket.requester && c.ticket.requester.name) || t('the customer') });
  c.el.container.querySelector('.mode-hint').textContent = mode === 'note' ? t('Not sent to the customer') : '';
  replyViaHint();
  updateSendLabel();
  saveDraft();
  if (focus) c.el.text.focus();
}

/** On an email ticket a reply leaves as a mail: say so, and to whom. */
function replyViaHint() {
  const node = c.el.container && c.el.container.querySelector('[data-testid="reply-via"]');
  if (!node) return;
  const email = c.ticket.channel === 'email' && c.mode === 'reply';
  const to = c.ticket.requester && c.ticket.requester.email;
  node.hidden = !email;
  node.textContent = !email ? '' : `${CHANNEL_ICON.email} ${to ? t('Reply by email to {address}', { address: to }) : t('Reply by email')}`;
}

function updateSendLabel() {
  if (!c.el.send) return;
  const macroStatus = c.macro && c.macro.actions && c.macro.actions.status;
  const s = macroStatus || (c.el.statusLabel && c.el.statusLabel.hidden ? '' : c.el.status.value);
  let label = c.mode === 'note' ? t('Add internal note') : t('Send reply');
  if (s) label += ` · ${t(s)}`;
  c.el.send.textContent = c.sending ? t('Sending…') : label;
  c.el.send.classList.toggle('note', c.mode === 'note');
  c.el.send.disabled = c.sending;
}

function saveDraft() {
  if (!c.ticket || !c.el.text) return;
  const body = c.el.text.value;
  if (body || c.macro) sessionStorage.setItem(draftKey(c.ticket.id), JSON.stringify({ mode: c.mode, body, macro: c.macro }));
  else sessionStorage.removeItem(draftKey(c.ticket.id));
}

function onInput() {
  saveDraft();
  const now = Date.now();
  if (c.el.text.value && now - c.typingSentAt >= TYPING_EVERY_MS) {
    c.typingSentAt = now;
    c.typingOn = true;
    c.typingPublic = c.mode === 'reply';
    post(`/tickets/${c.ticket.id}/typing`, { typing: true, public: c.typingPublic }).catch(() => {});
  }
  clearTimeout(c.typingIdle);
  c.typingIdle = setTimeout(stopTyping, TYPING_IDLE_MS);
}

export function stopTyping() {
  clearTimeout(c.typingIdle);
  if (!c.typingOn || !c.ticket) return;
  c.typingOn = false;
  c.typingSentAt = 0;
  post(`/tickets/${c.ticket.id}/typing`, { typing: false, public: !!c.typingPublic }).catch(() => {});
}

/** Keyboard: r / n. */
export function focusComposer(mode) {
  if (!c.el.text) return false;
  setMode(mode, true, true);
  return true;
}

export function composerTicketChanged(tk) {
  const wasWritable = !writableReason(c.ticket || tk);
  c.ticket = tk;
  const nowWritable = !writableReason(tk);
  if (wasWritable !== nowWritable) render(c.el.text ? c.el.text.value : '');
  else { fillStatus(); replyViaHint(); }
}

/** Someone else's message arrived while this ticket is open. */
export function noteIncomingMessage(m) {
  if (!c.el.text || !c.el.text.value.trim() || m.kind === 'note' || m.kind === 'system') return;
  showCollision(t('A new message arrived while you were typing — review it before sending.'), false);
}

function showCollision(text, strong) {
  if (!c.el.collision) return;
  replace(c.el.collision, h('span', null, text),
    h('button', { class: 'link-btn', type: 'button', onclick: () => { c.el.collision.hidden = true; } }, t('Dismiss')));
  c.el.collision.classList.toggle('strong', !!strong);
  c.el.collision.hidden = false;
}

export async function send() {
  if (!c.el.text || c.sending) return;
  const body = c.el.text.value;
  if (!body.trim()) { toast(t('Write something first')); c.el.text.focus(); return; }
  const tk = c.ticket;
  const macro = c.macro;
  const then = (!c.el.statusLabel.hidden && c.el.status.value) || null;
  c.sending = true;
  updateSendLabel();
  stopTyping();
  try {
    let res;
    if (macro) {
      // The text as edited, with the macro's actions, in one request; a status chosen beside
      // Send applies after, as for notes (the macro's own status, when it has one, wins).
      const req = { body };
      const last = c.hooks.newestId();
      if (last) req.last_seen_message_id = last;
      res = await post(`/tickets/${tk.id}/macros/${macro.id}/apply`, req);
      if (then && res.ticket.status !== then) {
        try { res.ticket = (await patch(`/tickets/${tk.id}`, { status: then })).ticket; } catch (e) { toast(describe(e)); }
      }
    } else if (c.mode === 'reply') {
      const req = { body };
      if (then) req.status = then;
      const last = c.hooks.newestId();
      if (last) req.last_seen_message_id = last;
      res = await post(`/tickets/${tk.id}/reply`, req);
    } else {
      res = await post(`/tickets/${tk.id}/notes`, { body });
      if (then && res.ticket.status !== then) {
        try { res.ticket = (await patch(`/tickets/${tk.id}`, { status: then })).ticket; } catch (e) { toast(describe(e)); }
      }
    }
    if (c.ticket.id !== tk.id) return;
    c.el.text.value = '';
    c.el.status.value = '';
    c.el.collision.hidden = true;
    c.macro = null;
    renderAttached();
    sessionStorage.removeItem(draftKey(tk.id));
    c.hooks.onSent(res.message, res.ticket);
    toast(macro ? t('Macro applied: {name}', { name: macro.name })
      : c.mode === 'note' ? t('Internal note added') : t('Reply sent'), 'ok');
  } catch (e) {
    if (e.status === 409 && e.code === 'reply_collision') {
      showCollision(t('Someone replied while you were typing — review the new message before sending. Your draft is kept.'), true);
      await c.hooks.onCollision();
    } else if (e.status === 409) {
      toast(`${t('Not sent')}: ${describe(e)}`);
    } else {
      toast(`${t('Not sent')}: ${describe(e)}`);
    }
  } finally {
    c.sending = false;
    updateSendLabel();
  }
}
