/* csat.js — the rating prompt shown when a conversation is solved: stars, comment, send. */

import {OPEN_STATUSES, S} from './state.js';
import {$, clearError, errorText, showError, t} from './dom.js';
import {api} from './api.js';
import {currentConv, loadConversations, renderSubtitle} from './views.js';
import {addLocalNote, scrollToBottom} from './conversation.js';

/* ---------------------------------------------------------------- rating ---- */
export function onStatusChange(conv) {
	renderSubtitle();
	if (conv.id !== S.convId)
		return;
	if ((conv.status === 'solved' || conv.status === 'closed') && !conv.csat) {
		if (conv.status === 'solved' && S.csatState !== 'prompt' && S.csatState !== 'done')
			addLocalNote(t('solved_note'));
		showCsat();
	} else if (OPEN_STATUSES[conv.status] && S.csatState === 'prompt') {
		$('csat').hidden = true;
		S.csatState = null;
	}
}

export function showCsat() {
	if (S.csatState === 'done')
		return;
	S.csatState = 'prompt';
	$('csat-form').hidden = false;
	$('csat-done').hidden = true;
	$('csat').hidden = false;
	setRating(S.csatRating);
	scrollToBottom(true);
}

export function setRating(n) {
	S.csatRating = n;
	Array.prototype.forEach.call(document.querySelectorAll('.star'), function (b) {
		var r = Number(b.getAttribute('data-rating'));
		b.classList.toggle('is-on', r <= n);
		b.setAttribute('aria-pressed', r === n ? 'true' : 'false');
	});
	$('csat-submit').disabled = !n;
}

var csatDoneKey = null;
export function renderCsatDone() {
	if (csatDoneKey)
		$('csat-done').textContent = t(csatDoneKey);
}

function csatFinished(key, rating) {
	S.csatState = 'done';
	csatDoneKey = key;
	renderCsatDone();
	$('csat-form').hidden = true;
	$('csat-done').hidden = false;
	var conv = currentConv();
	if (conv)
		conv.csat = conv.csat || {rating: rating};
}

export function submitCsat() {
	if (!S.csatRating || !S.convId)
		return;
	var body = {rating: S.csatRating};
	var comment = $('csat-comment').value.trim();
	if (comment)
		body.comment = comment;
	$('csat-submit').disabled = true;
	clearError();
	api('POST', '/widget/conversations/' + S.convId + '/csat', body).then(function () {
		csatFinished('csat_thanks', body.rating);
	}, function (e) {
		if (e.status === 409) {
			/* 409 is both "already rated" and "no longer solved" (an agent reopened it):
			 * ask the list which one. */
			var id = S.convId;
			loadConversations().then(function () {
				var conv = currentConv();
				if (S.convId !== id)
					return;
				if (conv && !conv.csat && OPEN_STATUSES[conv.status]) {
					$('csat').hidden = true;
					S.csatState = null;
				} else {
					csatFinished('csat_already', body.rating);
				}
			}, function () {
				csatFinished('csat_already', body.rating);
			});
			return;
		}
		$('csat-submit').disabled = false;
		showError(errorText(e, 'send_failed'));
	});
}
