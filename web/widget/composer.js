/* composer.js — what the customer sends: text (with an optimistic bubble), files, and the
 * customer's typing signals. */

import {K_CONV, MAX_ATTACHMENT, S, TYPING_THROTTLE_MS, storeSet} from './state.js';
import {$, clearError, errorText, showError, t} from './dom.js';
import {api} from './api.js';
import {toParent} from './parent.js';
import {currentConv, loadConversations, renderSubtitle, resetConversation} from './views.js';
import {addLocalNote, addMessage, addPending} from './conversation.js';
import {needsContactFirst, offerContact, renderContact, saveContact} from './contact.js';
import {catchUp} from './stream.js';

/* ------------------------------------------------------------ sending ---- */

export function sendText(text) {
	text = String(text || '').replace(/^\s+|\s+$/g, '');
	if (!text)
		return Promise.resolve(false);
	clearError();
	if (needsContactFirst()) {
		S.contactMode = 'required';
		renderContact();
		return saveContact(true).then(function (ok) {
			if (!ok) {
				S.pendingText = text;
				return false;
			}
			return postText(text);
		});
	}
	return postText(text);
}

export function postText(text) {
	/* A second send while the first one is still opening the chat waits for it: one chat,
	 * not two tickets. */
	if (!S.convId && S.creating)
		return S.creating.then(function () {
			return postText(text);
		});
	var pending = addPending(text);
	var creating = !S.convId;
	var req = creating ?
		api('POST', '/widget/conversations', {body: text}) :
		api('POST', '/widget/conversations/' + S.convId + '/messages', {body: text});
	var done = req.then(function (r) {
		if (creating)
			adoptConversation(r.conversation, r.message);
		else if (r.message && r.message.ticket_id && r.message.ticket_id !== S.convId) {
			/* written on a closed chat: the desk opened a follow-up ticket for it */
			switchToFollowUp(r.message.ticket_id);
		}
		if (r.message && !S.messages[r.message.id])
			addMessage(r.message, false);
		if (pending.parentNode && pending.classList.contains('is-pending'))
			pending.parentNode.removeChild(pending);
		if (creating) {
			if (r.offline)
				addLocalNote(t('offline_received', {number: (r.conversation && r.conversation.number) || ''}));
			offerContact();
		}
		catchUp();
		return true;
	}, function (e) {
		if (pending.parentNode)
			pending.parentNode.removeChild(pending);
		var input = $('input');
		if (!input.value)
			input.value = text;
		autoGrow();
		showError(errorText(e, 'send_failed'));
		return false;
	});
	if (creating) {
		S.creating = done;
		done.then(function () {
			S.creating = null;
		});
	}
	return done;
}

function adoptConversation(conv, message) {
	if (!conv)
		conv = {id: message.ticket_id};
	S.convId = conv.id;
	storeSet('sessionStorage', K_CONV, String(conv.id));
	if (!currentConv())
		S.conversations.unshift({id: conv.id, number: conv.number, subject: conv.subject,
			status: conv.status || 'new', updated_at: conv.updated_at, csat: null});
	$('back').hidden = false;
	renderSubtitle();
	toParent({type: 'active', active: true});
}

function switchToFollowUp(ticketId) {
	var keep = S.conversations;
	resetConversation();
	S.conversations = keep;
	S.convId = ticketId;
	storeSet('sessionStorage', K_CONV, String(ticketId));
	loadConversations().catch(function () {});
}

export function uploadFile(file) {
	clearError();
	if (!file)
		return;
	if (file.size > MAX_ATTACHMENT) {
		/* The server would say 413, but only after cutting the upload off mid-way, which the
		 * browser reports as a network error: say it before sending. */
		showError(t('too_large'));
		return;
	}
	var ready = S.convId ? Promise.resolve(true) : sendText(t('sending_file', {name: file.name}));
	ready.then(function (ok) {
		if (!ok || !S.convId)
			return;
		var note = addPending(t('uploading', {name: file.name}));
		note.removeAttribute('data-testid');
		note.setAttribute('data-testid', 'upload-pending');
		note.removeAttribute('data-pending-body');
		/* headers are ASCII: the name goes percent-encoded (UTF-8), the server decodes it */
		var filename = encodeURIComponent(file.name || 'attachment');
		return api('POST', '/widget/conversations/' + S.convId + '/attachments', null,
			{file: file, contentType: file.type || 'application/octet-stream', filename: filename})
			.then(function (r) {
				note.parentNode && note.parentNode.removeChild(note);
				if (r && r.message)
					addMessage(r.message, false);
			}, function (e) {
				note.parentNode && note.parentNode.removeChild(note);
				showError(e.status === 413 || e.status === 415 ? errorText(e) : errorText(e, 'upload_failed'));
			});
	});
}

/* ---------------------------------------------------------------- typing ---- */
export function onInputTyping() {
	var input = $('input');
	autoGrow();
	if (!S.convId)
		return;
	if (!input.value.trim()) {
		stopTyping();
		return;
	}
	var now = Date.now();
	if (now - S.typingSentAt < TYPING_THROTTLE_MS)
		return;
	S.typingSentAt = now;
	S.typingActive = true;
	api('POST', '/widget/conversations/' + S.convId + '/typing', {typing: true}).catch(function () {});
}

export function stopTyping() {
	if (!S.typingActive || !S.convId) {
		S.typingActive = false;
		return;
	}
	S.typingActive = false;
	S.typingSentAt = 0;
	api('POST', '/widget/conversations/' + S.convId + '/typing', {typing: false}).catch(function () {});
}

export function autoGrow() {
	var input = $('input');
	input.style.height = 'auto';
	input.style.height = Math.min(input.scrollHeight + 2, 140) + 'px';
}
