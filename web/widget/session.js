/* session.js — the widget session: the desk's status (online, hours), the token, the visitor
 * id, renewing a token the desk no longer knows, and forgetting it all on the host's reset(). */

import {K_CONV, K_LANG, K_SESSION, K_VISITOR, S, storeGet, storeJSON, storeSet} from './state.js';
import {$, showNotice, t} from './dom.js';
import {api} from './api.js';
import {renderSubtitle, resetConversation} from './views.js';
import {renderContact} from './contact.js';
import {closeStream, openStream, stopPolling} from './stream.js';
import {boot} from './frame.js';

/* ----------------------------------------------------------------- status ---- */
export function loadStatus() {
	return api('GET', '/widget/status').then(function (st) {
		S.status = st;
		renderStatus();
		renderSubtitle();
		renderContact();
	}).catch(function () { /* keep what we had */ });
}

export function renderStatus() {
	var st = S.status;
	var banner = $('offline-banner');
	if (!st || st.online) {
		banner.hidden = true;
		banner.textContent = '';
		return;
	}
	var text = t('offline_banner', {hours: st.hours || '—'});
	if (st.next_open) {
		var when = st.next_open;
		try {
			when = new Intl.DateTimeFormat(S.lang, {weekday: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'})
				.format(new Date(st.next_open));
		} catch (e) { /* keep the raw time */ }
		text += ' ' + t('next_open', {when: when});
	}
	banner.textContent = text;
	banner.hidden = false;
}

/* ---------------------------------------------------------------- session ---- */
function isVerifiedConfig() {
	return !!(S.config.uid && S.config.userHash && !S.verifyFailed);
}

function saveSession() {
	storeSet('localStorage', K_SESSION, JSON.stringify({
		token: S.token,
		uid: isVerifiedConfig() ? S.config.uid : '',
		customer: S.customer
	}));
	storeSet('sessionStorage', K_SESSION, storeGet('localStorage', K_SESSION));
}

function createSession() {
	var c = S.config;
	var body = {language: S.lang};
	if (isVerifiedConfig()) {
		body.exchange_uid = c.uid;
		body.user_hash = c.userHash;
	} else if (S.visitorId) {
		/* Never sent with a uid: on a shared computer a guest's history must not be
		 * attached to whoever logs in next. */
		body.visitor_id = S.visitorId;
	}
	if (c.name)
		body.name = c.name;
	if (c.email)
		body.email = c.email;
	S.token = null;
	return api('POST', '/widget/session', body, {noRenew: true}).then(function (r) {
		S.token = r.token;
		S.customer = r.customer || null;
		if (r.visitor_id && !isVerifiedConfig()) {
			S.visitorId = r.visitor_id;
			storeSet('localStorage', K_VISITOR, r.visitor_id);
		}
		saveSession();
	}, function (e) {
		var field = String(e.field || '').replace(/^.*\./, '');
		if (e.status === 422 && body.user_hash && (!field || field === 'user_hash' || field === 'exchange_uid')) {
			S.verifyFailed = true;
			showNotice('guest_notice');
			return createSession();
		}
		if (e.status === 422 && (field === 'email' || field === 'name') && c[field]) {
			/* a bad data-email from the page must not keep the customer out */
			c[field] = '';
			return createSession();
		}
		throw e;
	});
}

export function ensureSession() {
	var stored = storeJSON('sessionStorage', K_SESSION) || storeJSON('localStorage', K_SESSION);
	var wantUid = isVerifiedConfig() ? S.config.uid : '';
	if (stored && stored.token && (stored.uid || '') === wantUid) {
		S.token = stored.token;
		S.customer = stored.customer || null;
		return Promise.resolve();
	}
	return createSession();
}

export function renewSession() {
	if (!S.renewing)
		S.renewing = createSession().then(function () {
			S.renewing = null;
			if (S.es || S.pollTimer)
				openStream();
		}, function (e) {
			S.renewing = null;
			throw e;
		});
	return S.renewing;
}

export function updateCustomer(r) {
	if (r && r.customer) {
		S.customer = r.customer;
		saveSession();
	}
}

/* The exchange's user logged out (exdeskWidget.reset()): drop the session, the visitor id and
 * the open conversation, so the next person at this computer starts from nothing. */
export function forget() {
	[K_SESSION, K_VISITOR, K_CONV, K_LANG].forEach(function (k) {
		storeSet('localStorage', k, null);
		storeSet('sessionStorage', k, null);
	});
	closeStream();
	stopPolling();
	S.token = null;
	S.customer = null;
	S.visitorId = null;
	S.conversations = [];
	S.convId = null;
	S.verifyFailed = false;
	S.config = {lang: S.config ? S.config.lang : '', uid: '', userHash: '', name: '', email: ''};
	showNotice(null);
	resetConversation();
	boot();
}
