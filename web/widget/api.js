/* api.js — the one JSON call to the desk (docs/chat.md), with the widget token, a new session
 * once on 401, and patience on 503: the desk answers 503 with Retry-After when its write queue
 * is full (a surge), and then nothing of the request was saved, so sending it again after the
 * wait can neither lose nor double the customer's message. */

import {API, S} from './state.js';
import {renewSession} from './session.js';

/* A surge lasts seconds to minutes; the customer's message waits with it, its bubble marked
 * sending, for about a minute and a half before the widget gives up and says so. */
var BUSY_RETRIES = 12;
var BUSY_WAIT_MAX_S = 30;

function busyWaitMs(res, attempt) {
	var s = parseInt(res.headers.get('Retry-After') || '', 10);
	if (!(s >= 0))
		s = 1;
	s = Math.min(Math.max(s, 1) * Math.pow(1.5, Math.min(attempt, 6)), BUSY_WAIT_MAX_S);
	/* spread the retries of many customers over the wait, not all at its end */
	return Math.round(s * 1000 * (0.75 + Math.random() / 2));
}

function ApiError(status, code, message, field) {
	this.status = status;
	this.code = code;
	this.message = message;
	this.field = field;
}

/* One JSON call. A 401 means the stored token is gone (expired, revoked, another desk): make
 * a new session once and repeat the call. */
export function api(method, path, body, opt) {
	opt = opt || {};
	var headers = {};
	var payload;
	if (S.token)
		headers['X-Widget-Token'] = S.token;
	if (opt.file) {
		payload = opt.file;
		headers['Content-Type'] = opt.contentType;
		headers['X-Filename'] = opt.filename;
	} else if (body !== undefined && body !== null) {
		headers['Content-Type'] = 'application/json';
		payload = JSON.stringify(body);
	}
	return fetch(API + path, {method: method, headers: headers, body: payload, credentials: 'omit', cache: 'no-store'})
		.catch(function (e) {
			throw new ApiError(0, 'network', String(e && e.message || e));
		})
		.then(function (res) {
			if (res.status === 401 && S.token && !opt.noRenew)
				return renewSession().then(function () {
					opt.noRenew = true;
					return api(method, path, body, opt);
				});
			if (res.status === 503 && (opt.busyRetries || 0) < BUSY_RETRIES) {
				var wait = busyWaitMs(res, opt.busyRetries || 0);
				opt.busyRetries = (opt.busyRetries || 0) + 1;
				return new Promise(function (resolve) {
					setTimeout(resolve, wait);
				}).then(function () {
					return api(method, path, body, opt);
				});
			}
			if (res.status === 204)
				return null;
			return res.text().then(function (text) {
				var data = null;
				try {
					data = text ? JSON.parse(text) : null;
				} catch (e) { /* not JSON */ }
				if (!res.ok) {
					var err = (data && data.error) || {};
					throw new ApiError(res.status, err.code || 'http_' + res.status, err.message || '', err.field);
				}
				return data;
			});
		});
}
