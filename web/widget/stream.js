/* stream.js — push from the desk: EventSource with Last-Event-ID (and &since= on a new
 * stream), falling back to polling after repeated failures; catching up on what slipped by.
 * Messages are de-duplicated by id in conversation.js (addMessage). */

import {API, POLL_MS, S, STREAM_MAX_ERRORS, STREAM_RETRY_MS} from './state.js';
import {api} from './api.js';
import {loadConversations, mergeConversation, renderList, renderSubtitle} from './views.js';
import {addMessage, agentMessageArrived, onAgentTyping, renderReadMarker} from './conversation.js';
import {onStatusChange} from './csat.js';

/* Fetches what may have slipped between a POST and the stream (the stream is the main path;
 * ids make the overlap harmless). */
export function catchUp() {
	if (!S.convId)
		return Promise.resolve();
	var id = S.convId;
	return api('GET', '/widget/conversations/' + id + '/messages?after=' + S.lastMessageId).then(function (r) {
		if (S.convId !== id)
			return;
		((r && r.messages) || []).forEach(function (m) {
			addMessage(m, true);
		});
	}).catch(function () {});
}

/* ---------------------------------------------------------------- stream ---- */
export function closeStream() {
	if (S.es) {
		S.es.close();
		S.es = null;
	}
}

export function openStream() {
	closeStream();
	clearTimeout(S.streamRetryTimer);
	if (!S.token || typeof EventSource === 'undefined') {
		startPolling();
		return;
	}
	var url = API + '/widget/stream?token=' + encodeURIComponent(S.token);
	if (S.lastEventId)
		url += '&since=' + encodeURIComponent(S.lastEventId);
	var es = new EventSource(url);
	S.es = es;
	S.esErrors = 0;
	es.onopen = function () {
		if (S.es !== es)
			return;
		S.esErrors = 0;
		stopPolling();
		if (S.streamDown) {
			S.streamDown = false;
			catchUp();
			loadConversations().catch(function () {});
		}
	};
	es.onerror = function () {
		if (S.es !== es)
			return;
		S.esErrors += 1;
		S.streamDown = true;
		if (es.readyState === 2 || S.esErrors >= STREAM_MAX_ERRORS) {
			/* The browser gave up (a non-stream answer) or keeps failing: poll, and try the
			 * stream again later from the last event we saw. */
			closeStream();
			startPolling();
			S.streamRetryTimer = setTimeout(openStream, STREAM_RETRY_MS);
		}
	};
	var on = function (name, fn) {
		es.addEventListener(name, function (ev) {
			if (S.es !== es)
				return;
			if (ev.lastEventId)
				S.lastEventId = ev.lastEventId;
			var d;
			try {
				d = JSON.parse(ev.data);
			} catch (e) {
				return;
			}
			if (d && typeof d === 'object')
				fn(d);
		});
	};
	on('message', onStreamMessage);
	on('ticket', onStreamTicket);
	on('typing', onAgentTyping);
	on('read', onStreamRead);
}

function onStreamMessage(d) {
	var m = d.message;
	if (!m)
		return;
	var tid = d.ticket_id || m.ticket_id;
	if (!m.ticket_id)
		m.ticket_id = tid;
	if (tid === S.convId) {
		addMessage(m, true);
		return;
	}
	if (m.kind === 'reply') {
		S.unreadConvs[tid] = true;
		agentMessageArrived();
	}
	var known = S.conversations.some(function (c) {
		return c.id === tid;
	});
	if (!known || S.view === 'list')
		loadConversations().catch(function () {});
}

function onStreamTicket(d) {
	var tk = d.ticket;
	if (!tk || !tk.id)
		return;
	var m = mergeConversation(tk);
	if (!m) {
		loadConversations().catch(function () {});
		return;
	}
	if (S.view === 'list')
		renderList();
	if (m.changed)
		onStatusChange(m.conv);
	else
		renderSubtitle();
}

function onStreamRead(d) {
	if (d.by !== 'agent' || d.ticket_id !== S.convId)
		return;
	var id = Number(d.message_id) || 0;
	if (id > S.agentReadUpTo) {
		S.agentReadUpTo = id;
		renderReadMarker();
	}
}

function startPolling() {
	if (S.pollTimer)
		return;
	S.pollCount = 0;
	S.pollTimer = setInterval(pollOnce, POLL_MS);
}

export function stopPolling() {
	clearInterval(S.pollTimer);
	S.pollTimer = null;
}

/* Without the stream: new messages of the open chat, and the list, which carries the
 * statuses (solved -> the rating prompt). */
function pollOnce() {
	S.pollCount += 1;
	catchUp();
	loadConversations().catch(function () {});
}
