// actions.js — the escalate and merge dialogs (static markup in index.html, filled here).

import { get, post, describe } from './api.js';
import { $, options, openDialog } from './dom.js';
import { t } from './i18n.js';
import { state, on, emit, canWrite, groupName } from './state.js';
import { conv } from './conversation.js';
import { toast } from './toast.js';

const el = {};

export function initActions() {
  el.esc = $('#escalate-dialog');
  el.escForm = $('#escalate-form');
  el.escGroup = $('[data-testid="escalate-group"]');
  el.escSummary = $('[data-testid="escalate-summary"]');
  el.escActions = $('[data-testid="escalate-actions"]');
  el.escSubmit = $('[data-testid="escalate-submit"]');
  el.escSource = $('#escalate-source');
  el.merge = $('#merge-dialog');
  el.mergeForm = $('#merge-form');
  el.mergeInto = $('[data-testid="merge-into"]');
  el.mergeSubmit = $('[data-testid="merge-submit"]');
  el.mergeSource = $('#merge-source');
  el.mergePreview = $('#merge-preview');

  on('escalate', openEscalate);
  on('merge', openMerge);
  for (const d of [el.esc, el.merge]) {
    d.querySelector('[data-action="cancel"]').addEventListener('click', () => d.close());
  }
  el.escForm.addEventListener('submit', submitEscalate);
  el.mergeForm.addEventListener('submit', submitMerge);
  let timer = null;
  el.mergeInto.addEventListener('input', () => {
    clearTimeout(timer);
    el.mergePreview.textContent = '';
    el.mergePreview.classList.remove('warn');
    el.mergeConfirmed = null;
    timer = setTimeout(() => resolveTarget(el.mergeInto.value, true).catch(() => {}), 400);
  });
}

function ticketWritable() {
  const tk = conv.ticket;
  return tk && canWrite() && tk.status !== 'closed' && !tk.merged_into_id;
}

export function openEscalate() {
  if (!ticketWritable()) return;
  const tk = conv.ticket;
  const groups = [...state.groups.values()].filter((g) => g.id !== tk.group_id);
  const preferred = groups.find((g) => g.tier === 'L2') || groups[0];
  options(el.escGroup, groups.map((g) => [g.id, `${g.name} (${g.tier})`]), preferred ? preferred.id : '');
  el.escSource.textContent = `${tk.number} — ${tk.subject}`;
  el.escSubmit.disabled = false;
  openDialog(el.esc);
  el.escSummary.focus();
}

async function submitEscalate(e) {
  e.preventDefault();
  const tk = conv.ticket;
  if (!tk) return;
  const body = {
    group_id: Number(el.escGroup.value),
    summary: el.escSummary.value.trim(),
    actions_taken: el.escActions.value.trim(),
  };
  if (!body.summary) { el.escSummary.focus(); return; }
  el.escSubmit.disabled = true;
  try {
    const res = await post(`/tickets/${tk.id}/escalate`, body);
    el.esc.close();
    el.escSummary.value = '';
    el.escActions.value = '';
    const child = res.ticket;
    get(`/tickets/${tk.id}`).then((r) => emit('ticket-changed', r.ticket)).catch(() => {});
    let visible = true;
    try { await get(`/tickets/${child.id}`); } catch (err2) { if (err2.status === 404) visible = false; }
    if (visible) {
      toast(t('Escalated: {n} created', { n: child.number }), 'ok');
      emit('ticket-changed', child);
      location.hash = `#/ticket/${encodeURIComponent(child.number)}`;
    } else {
      toast(t('Escalated: {n} created in {g} — outside your groups, so it stays with them', { n: child.number, g: groupName(child.group_id) }), 'ok');
    }
  } catch (err) {
    toast(describe(err));
  } finally {
    el.escSubmit.disabled = false;
  }
}

export function openMerge() {
  if (!ticketWritable()) return;
  el.mergeSource.textContent = conv.ticket.number;
  el.mergeInto.value = '';
  el.mergePreview.textContent = '';
  el.mergePreview.classList.remove('warn');
  el.mergeConfirmed = null;
  el.mergeSubmit.disabled = false;
  openDialog(el.merge);
  el.mergeInto.focus();
}

/** "EXD-100012", "100012" (a number without prefix) or an id -> ticket. */
async function resolveTarget(raw, preview) {
  const v = raw.trim();
  if (!v) return null;
  const tries = [v];
  if (/^\d+$/.test(v) && v.length >= 6) tries.unshift(`EXD-${v}`);
  for (const ref of tries) {
    try {
      const tk = (await get(`/tickets/${encodeURIComponent(ref.toUpperCase())}`)).ticket;
      if (preview && el.mergeInto.value.trim() === v) {
        el.mergePreview.textContent = `→ ${tk.number} · ${tk.subject} · ${(tk.requester && tk.requester.name) || ''} · ${t(tk.status)}`;
      }
      return tk;
    } catch (e) {
      if (e.status !== 404) throw e;
    }
  }
  if (preview && el.mergeInto.value.trim() === v) el.mergePreview.textContent = t('No ticket {r} that you can see', { r: v });
  return null;
}

async function submitMerge(e) {
  e.preventDefault();
  const tk = conv.ticket;
  if (!tk) return;
  el.mergeSubmit.disabled = true;
  try {
    const into = await resolveTarget(el.mergeInto.value, true);
    if (!into) { toast(t('No ticket {r} that you can see', { r: el.mergeInto.value.trim() })); return; }
    if (into.id === tk.id) { toast(t('A ticket cannot be merged into itself')); return; }
    const other = (x) => (x.requester && x.requester.id) || null;
    if (other(into) !== other(tk) && el.mergeConfirmed !== into.id) {
      // Messages would move to another customer's ticket: make the agent confirm it.
      el.mergeConfirmed = into.id;
      el.mergePreview.textContent = `${el.mergePreview.textContent} — ${t('a different customer! Press Merge again to confirm.')}`;
      el.mergePreview.classList.add('warn');
      return;
    }
    const res = await post(`/tickets/${tk.id}/merge`, { into_id: into.id });
    el.merge.close();
    toast(t('{a} merged into {b}', { a: tk.number, b: res.ticket.number }), 'ok');
    emit('ticket-changed', res.ticket);
    get(`/tickets/${tk.id}`).then((r) => emit('ticket-changed', r.ticket)).catch(() => {});
    location.hash = `#/ticket/${encodeURIComponent(res.ticket.number)}`;
  } catch (err) {
    toast(describe(err));
  } finally {
    el.mergeSubmit.disabled = false;
  }
}
