/* api.js — the one JSON call to the desk (docs/chat.md), with the widget token, and a new
 * session once on 401. */

import {API, S} from './state.js';
import {renewSession} from './session.js';

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
