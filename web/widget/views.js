/* views.js — which screen shows (loading, the list of conversations, one conversation), the
 * conversation list, the header's subtitle, and opening, starting and leaving a conversation. */

import {K_CONV, OPEN_STATUSES, S, storeGet, storeSet} from './state.js';
import {$, el, errorText, fmtTime, showError, t} from './dom.js';
import {api} from './api.js';
import {toParent} from './parent.js';
import {addMessage, clearUnread, hideTyping, maybeMarkRead, renderReadMarker, scrollToBottom} from './conversation.js';
import {stopTyping} from './composer.js';
import {placeContact, renderContact} from './contact.js';
import {onStatusChange, showCsat} from './csat.js';

export function currentConv() {
	for (var i = 0; i < S.conversations.length; i++)
		if (S.conversations[i].id === S.convId)
			return S.conversations[i];
	return null;
}

export function renderSubtitle() {
	var text = '';
	var online = !!(S.status && S.status.online);
	var conv = S.view === 'conversation' ? currentConv() : null;
	if (conv && conv.number)
		text = t('ticket_number', {number: conv.number}) + ' · ' + t('status_' + conv.status);
	else if (S.status)
		text = online ? t('online') : t('offline_status');
	$('subtitle-text').textContent = text;
	$('presence-dot').classList.toggle('is-online', online);
}

export function chooseFirstView() {
	var saved = Number(storeGet('sessionStorage', K_CONV) || 0);
	var byId = function (id) {
		return S.conversations.filter(function (c) {
			return c.id === id;
		})[0];
	};
	if (saved && byId(saved))
		return openConversation(saved);
	if (S.customer && S.customer.verified && S.conversations.length)
		return showList();
	var active = S.conversations.filter(function (c) {
		return OPEN_STATUSES[c.status];
	})[0];
	if (active)
		return openConversation(active.id);
	if (S.conversations.length)
		return showList();
	newConversation();
}

export function loadConversations() {
	return api('GET', '/widget/conversations').then(function (r) {
		var before = {};
		S.conversations.forEach(function (c) {
			before[c.id] = c.status;
		});
		S.conversations = (r && r.conversations) || [];
		var cur = currentConv();
		if (cur && before[cur.id] && before[cur.id] !== cur.status)
			onStatusChange(cur);
		if (S.view === 'list')
			renderList();
		renderSubtitle();
		toParent({type: 'active', active: S.conversations.length > 0});
	});
}

/* ----------------------------------------------------------------- views ---- */
export function showView(v) {
	S.view = v;
	$('view-loading').hidden = v !== 'loading';
	$('view-list').hidden = v !== 'list';
	$('view-conv').hidden = v !== 'conversation';
	$('view-recovery').hidden = v !== 'recovery';
	$('composer').hidden = v !== 'conversation';
	$('back').hidden = !(v === 'conversation' && S.conversations.length > 0);
	renderSubtitle();
}

export function showList() {
	stopTyping();
	S.convId = null;
	storeSet('sessionStorage', K_CONV, null);
	showView('list');
	renderList();
	if (S.open)
		$('new-conv').focus();
}

export function renderList() {
	var ul = $('conv-list');
	ul.textContent = '';
	S.conversations.forEach(function (c) {
		var subject = el('span', {text: c.subject || c.number || ''});
		var head = el('span', {className: 'conv-subject'}, [subject]);
		if (S.unreadConvs[c.id])
			head.insertBefore(el('span', {className: 'unread-dot', role: 'img', 'aria-label': t('unread')}), subject);
		var meta = el('span', {className: 'conv-meta'}, [
			el('span', {text: c.number || ''}),
			el('span', {className: 'conv-status st-' + c.status, text: t('status_' + c.status)}),
			el('span', {text: fmtTime(c.updated_at)})
		]);
		var btn = el('button', {type: 'button', className: 'conv-item', 'data-testid': 'conversation', 'data-id': c.id,
			'data-status': c.status}, [head, meta]);
		btn.addEventListener('click', function () {
			openConversation(c.id);
		});
		ul.appendChild(el('li', null, [btn]));
	});
	$('conv-empty').hidden = S.conversations.length > 0;
}

export function resetConversation() {
	placeContact(false);
	stopTyping();
	S.messages = {};
	S.elements = {};
	S.lastMessageId = 0;
	S.lastOtherId = 0;
	S.lastReadPosted = 0;
	S.agentReadUpTo = 0;
	S.csatState = null;
	S.csatRating = 0;
	$('messages').textContent = '';
	$('csat').hidden = true;
	hideTyping();
	S.contactMode = null;
	renderContact();
}

export function newConversation() {
	resetConversation();
	S.convId = null;
	storeSet('sessionStorage', K_CONV, null);
	showView('conversation');
	renderContact();
	focusComposer();
}

function openConversation(id) {
	resetConversation();
	S.convId = id;
	delete S.unreadConvs[id];
	storeSet('sessionStorage', K_CONV, String(id));
	showView('conversation');
	return api('GET', '/widget/conversations/' + id + '/messages').then(function (r) {
		if (S.convId !== id)
			return;
		if (r && r.conversation)
			mergeConversation(r.conversation);
		((r && r.messages) || []).forEach(function (m) {
			addMessage(m, false);
		});
		/* not in docs/chat.md, but the server tells how far an agent has read */
		if (r && Number(r.agent_read_up_to) > S.agentReadUpTo) {
			S.agentReadUpTo = Number(r.agent_read_up_to);
			renderReadMarker();
		}
		var conv = currentConv();
		if (conv && (conv.status === 'solved' || conv.status === 'closed') && !conv.csat)
			showCsat();
		scrollToBottom(true);
		maybeMarkRead();
		focusComposer();
		toParent({type: 'active', active: true});
	}, function (e) {
		if (e.status === 404) {
			S.conversations = S.conversations.filter(function (c) {
				return c.id !== id;
			});
			return chooseFirstView();
		}
		showError(errorText(e, 'unavailable'), function () {
			openConversation(id);
		});
	});
}

/* Fresh facts about one conversation (from a message list or a ticket event). */
export function mergeConversation(c) {
	var conv = null;
	S.conversations.forEach(function (x) {
		if (x.id === c.id)
			conv = x;
	});
	if (!conv)
		return null;
	['number', 'subject', 'updated_at', 'agent_name'].forEach(function (k) {
		if (c[k] !== undefined && c[k] !== null)
			conv[k] = c[k];
	});
	if (c.csat !== undefined && c.csat !== null)
		conv.csat = c.csat;
	var changed = !!c.status && c.status !== conv.status;
	if (c.status)
		conv.status = c.status;
	return {conv: conv, changed: changed};
}

export function focusComposer() {
	if (!S.open)
		return;
	var input = $('input');
	if (S.contactMode === 'required' && !$('contact-email').value)
		$('contact-email').focus();
	else if (!input.disabled)
		input.focus();
}

/* Called when the widget becomes visible (opened, or its tab shown again). */
export function onShown() {
	clearUnread();
	maybeMarkRead();
	if (S.view === 'conversation') {
		scrollToBottom(true);
		focusComposer();
	} else if (S.view === 'list') {
		$('new-conv').focus();
	}
}

export function visible() {
	return S.open && !document.hidden;
}
