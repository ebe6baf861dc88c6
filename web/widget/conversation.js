/* conversation.js — the open conversation: rendering messages (keyed by id, so each shows
 * once), attachments, the "Read" marker, the agent's typing indicator, posting our read position,
 * and the unread count sent to the parent. */

import {API, S, TYPING_SHOW_MS} from './state.js';
import {$, agentName, el, fmtTime, t} from './dom.js';
import {api} from './api.js';
import {toParent} from './parent.js';
import {visible} from './views.js';

/* -------------------------------------------------------------- messages ---- */
function attachmentsOf(m) {
	if (Array.isArray(m.attachments))
		return m.attachments;
	if (m.attachment && typeof m.attachment === 'object')
		return [m.attachment];
	return [];
}

function fileUrl(a) {
	return API + '/attachments/' + encodeURIComponent(a.id) + '?token=' + encodeURIComponent(S.token || '');
}

/* A document icon drawn here: an emoji may have no glyph on the customer's system. */
function fileIcon() {
	var ns = 'http://www.w3.org/2000/svg';
	var svg = document.createElementNS(ns, 'svg');
	svg.setAttribute('viewBox', '0 0 24 24');
	svg.setAttribute('width', '18');
	svg.setAttribute('height', '18');
	svg.setAttribute('aria-hidden', 'true');
	svg.setAttribute('focusable', 'false');
	var path = document.createElementNS(ns, 'path');
	path.setAttribute('d', 'M14 3H7a2 2 0 00-2 2v14a2 2 0 002 2h10a2 2 0 002-2V8zM14 3v5h5M9 13h6M9 17h6');
	path.setAttribute('fill', 'none');
	path.setAttribute('stroke', 'currentColor');
	path.setAttribute('stroke-width', '1.8');
	path.setAttribute('stroke-linejoin', 'round');
	svg.appendChild(path);
	return svg;
}

function renderFiles(m) {
	var atts = attachmentsOf(m);
	if (!atts.length)
		return null;
	var box = el('div', {className: 'files'});
	atts.forEach(function (a) {
		var name = a.filename || a.name || t('attachment');
		var type = a.content_type || a.type || '';
		var url = fileUrl(a);
		if (/^image\/(png|jpeg|gif|webp)$/.test(type)) {
			var img = el('img', {className: 'thumb', src: url, alt: name, loading: 'lazy', 'data-testid': 'thumbnail'});
			img.addEventListener('load', function () {
				scrollToBottom(false);
			});
			box.appendChild(el('a', {className: 'thumb-link', href: url, target: '_blank', rel: 'noopener noreferrer',
				title: name}, [img]));
		} else {
			box.appendChild(el('a', {className: 'file-link', href: url, target: '_blank', rel: 'noopener noreferrer',
				download: name, 'data-testid': 'file', title: t('download', {name: name})}, [fileIcon(), name]));
		}
	});
	return box;
}

function messageElement(m, pending) {
	var kind = m.kind === 'reply' || m.kind === 'system' ? m.kind : 'customer';
	var node = el('div', {className: 'msg msg-' + kind + (pending ? ' is-pending' : ''), 'data-testid': 'message',
		'data-kind': kind, 'data-id': m.id || ''});
	if (kind === 'reply')
		node.appendChild(el('div', {className: 'msg-author', text: (m.author && m.author.name) || t('agent_fallback')}));
	var bubble = el('div', {className: 'bubble'});
	var atts = attachmentsOf(m);
	var body = m.body || '';
	/* An attachment message whose body only repeats the file name shows just the file. */
	if (body && !(atts.length === 1 && body === (atts[0].filename || atts[0].name)))
		bubble.appendChild(el('div', {className: 'msg-body', text: body}));
	var files = renderFiles(m);
	if (files) {
		bubble.appendChild(files);
		if (!bubble.querySelector('.msg-body') && !atts.some(function (a) {
			return !/^image\//.test(a.content_type || '');
		}))
			bubble.classList.add('files-only');
	}
	node.appendChild(bubble);
	if (kind !== 'system')
		node.appendChild(el('div', {className: 'msg-meta'}, [el('time', {datetime: m.created_at || null,
			text: m.created_at ? fmtTime(m.created_at) : ''})]));
	return node;
}

export function refreshMessageText(node, m) {
	if (!node || !m)
		return;
	var time = node.querySelector('time');
	if (time && m.created_at)
		time.textContent = fmtTime(m.created_at);
	var author = node.querySelector('.msg-author');
	if (author && !(m.author && m.author.name))
		author.textContent = t('agent_fallback');
}

/* Inserts by id so a late or replayed item lands in its place. Returns true when new. */
export function addMessage(m, live) {
	if (!m || !m.id || m.kind === 'note')
		return false;
	if (S.messages[m.id])
		return false;
	var log = $('log');
	var nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
	S.messages[m.id] = m;
	var node = null;
	if (m.kind === 'customer' || (m.author && m.author.type === 'customer'))
		node = claimPending(m);
	var fresh = messageElement(m, false);
	if (node)
		node.parentNode.replaceChild(fresh, node); /* our own bubble keeps its place */
	else
		$('messages').insertBefore(fresh, insertionPoint(m.id));
	node = fresh;
	S.elements[m.id] = node;
	if (m.id > S.lastMessageId)
		S.lastMessageId = m.id;
	var fromCustomer = m.kind === 'customer';
	if (!fromCustomer && m.id > S.lastOtherId)
		S.lastOtherId = m.id;
	if (m.kind === 'reply') {
		hideTyping();
		if (live)
			agentMessageArrived();
	}
	renderReadMarker();
	scrollToBottom(nearBottom || fromCustomer);
	maybeMarkRead();
	return true;
}

/* The node a message with this id goes before: the first newer server message or the first
 * bubble still on its way. Local notes stay where they were written. */
function insertionPoint(id) {
	for (var c = $('messages').firstChild; c; c = c.nextSibling) {
		if (c.classList.contains('is-pending'))
			return c;
		var cid = Number(c.getAttribute('data-id'));
		if (cid && cid > id)
			return c;
	}
	return null;
}

/* Our own optimistic bubble for this text, if one is waiting: it becomes the real message
 * instead of showing the text twice. */
function claimPending(m) {
	var list = $('messages');
	for (var c = list.firstChild; c; c = c.nextSibling)
		if (c.classList.contains('is-pending') && c.getAttribute('data-pending-body') === (m.body || ''))
			return c;
	return null;
}

export function addPending(text) {
	var node = messageElement({kind: 'customer', body: text}, true);
	node.setAttribute('data-pending-body', text);
	$('messages').appendChild(node);
	scrollToBottom(true);
	return node;
}

export function addLocalNote(text) {
	var node = el('div', {className: 'msg msg-system msg-local', 'data-testid': 'local-note'}, [
		el('div', {className: 'bubble', text: text})]);
	$('messages').appendChild(node);
	scrollToBottom(true);
}

export function scrollToBottom(force) {
	var log = $('log');
	if (force || log.scrollHeight - log.scrollTop - log.clientHeight < 120)
		log.scrollTop = log.scrollHeight;
}

/* The "Read" marker sits under the customer's newest message once an agent has read it. */
export function renderReadMarker() {
	var marker = $('read-marker');
	if (!marker) {
		marker = el('div', {id: 'read-marker', className: 'read-marker', 'data-testid': 'read-marker'});
	}
	marker.textContent = t('read');
	var last = null;
	var nodes = $('messages').querySelectorAll('.msg-customer');
	for (var i = nodes.length - 1; i >= 0; i--) {
		if (nodes[i].classList.contains('is-pending'))
			break; /* a newer message is on its way: nothing shown is "last" yet */
		last = nodes[i];
		break;
	}
	var lastId = last ? Number(last.getAttribute('data-id')) : 0;
	if (last && lastId && lastId <= S.agentReadUpTo) {
		if (marker.parentNode !== last)
			last.appendChild(marker);
	} else if (marker.parentNode) {
		marker.parentNode.removeChild(marker);
	}
}

var typingWho = null;
export function renderTyping(who) {
	if (who !== null)
		typingWho = who;
	var box = $('typing');
	if (!typingWho) {
		box.hidden = true;
		return;
	}
	$('typing-text').textContent = t('typing', {name: agentName(typingWho.name)});
	box.hidden = false;
}

export function hideTyping() {
	clearTimeout(S.typingHideTimer);
	typingWho = null;
	renderTyping(null);
}

export function onAgentTyping(d) {
	if (d.ticket_id !== S.convId || !d.who || d.who.type !== 'agent')
		return;
	clearTimeout(S.typingHideTimer);
	if (d.typing) {
		renderTyping(d.who);
		scrollToBottom(false);
		/* typing is not replayed: if the "false" is lost, stop showing it after a while */
		S.typingHideTimer = setTimeout(hideTyping, TYPING_SHOW_MS);
	} else {
		hideTyping();
	}
}

/* ---------------------------------------------------------- read / unread ---- */
export function maybeMarkRead() {
	if (!visible() || S.view !== 'conversation' || !S.convId)
		return;
	if (S.lastOtherId <= S.lastReadPosted)
		return;
	var upTo = S.lastMessageId;
	S.lastReadPosted = upTo;
	api('POST', '/widget/conversations/' + S.convId + '/read', {message_id: upTo}).catch(function () {
		S.lastReadPosted = 0;
	});
}

export function agentMessageArrived() {
	if (visible()) {
		maybeMarkRead();
		return;
	}
	S.unread += 1;
	var title = t('new_message_title', {n: S.unread});
	if (S.embedded) {
		toParent({type: 'notify', unread: S.unread, title: title, sound: true});
	} else {
		flashOwnTitle(title);
	}
}

export function clearUnread() {
	if (!visible())
		return;
	if (S.unread) {
		S.unread = 0;
		toParent({type: 'unread', unread: 0});
	}
	stopOwnTitle();
}

/* Standalone (frame.html opened as a page): flash our own title. */
var ownTitleTimer = null;
function flashOwnTitle(text) {
	stopOwnTitle();
	var on = true;
	document.title = text;
	ownTitleTimer = setInterval(function () {
		on = !on;
		document.title = on ? text : t('frame_title');
	}, 1000);
}
function stopOwnTitle() {
	if (ownTitleTimer) {
		clearInterval(ownTitleTimer);
		ownTitleTimer = null;
		document.title = t('frame_title');
	}
}
