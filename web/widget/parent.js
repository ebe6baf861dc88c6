/* parent.js — the host page: the origin the loader told us (#origin=...), postMessage to the
 * parent only at that origin and never with message text, and the config it sends. */

import {S, hashParams} from './state.js';

/* ------------------------------------------------------- parent messages ---- */
export function parentOriginGuess() {
	var o = hashParams.get('origin');
	if (o && /^https?:\/\/[^/]+$/.test(o))
		return o;
	return null;
}

export function toParent(msg) {
	if (!S.embedded || !S.parentOrigin)
		return;
	msg.exdesk = 1;
	try {
		window.parent.postMessage(msg, S.parentOrigin);
	} catch (e) { /* parent navigated away */ }
}

export function sanitizeConfig(c) {
	c = c && typeof c === 'object' ? c : {};
	var s = function (v, max) {
		return typeof v === 'string' ? v.trim().slice(0, max) : '';
	};
	return {
		lang: s(c.lang, 35),
		uid: s(c.uid, 128),
		userHash: s(c.userHash, 128),
		name: s(c.name, 200),
		email: s(c.email, 254)
	};
}
