/* api.js — the one JSON call to the desk's public API (/api/v1/help/...). No credentials are
 * ever sent (credentials: 'omit'): an agent signed in to the console on the same origin is an
 * anonymous reader here like anyone else. */

import {S} from './dom.js';

export var API = '/api/v1';

export function ApiError(status, code, message, field, retryAfter) {
	this.status = status;
	this.code = code;
	this.message = message;
	this.field = field;
	this.retryAfter = retryAfter;
}

/* opts.signal: an AbortSignal (the search box cancels what it no longer needs). */
export function api(method, path, body, opts) {
	opts = opts || {};
	var init = {method: method, headers: {}, credentials: 'omit', cache: 'no-store', signal: opts.signal};
	if (body !== undefined && body !== null) {
		init.headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	return fetch(API + path, init)
		.catch(function (e) {
			if (e && e.name === 'AbortError')
				throw e;
			throw new ApiError(0, 'network', String(e && e.message || e));
		})
		.then(function (res) {
			if (res.status === 204)
				return null;
			return res.text().then(function (text) {
				var data = null;
				try {
					data = text ? JSON.parse(text) : null;
				} catch (e) { /* not JSON */ }
				if (!res.ok) {
					var err = (data && data.error) || {};
					var ra = Number(res.headers.get('Retry-After'));
					throw new ApiError(res.status, err.code || 'http_' + res.status, err.message || '', err.field,
						isFinite(ra) && ra > 0 ? ra : 0);
				}
				return data;
			});
		});
}

/* A query string from an object, skipping empty values. */
export function qs(o) {
	var parts = [];
	Object.keys(o).forEach(function (k) {
		if (o[k] !== undefined && o[k] !== null && o[k] !== '')
			parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(o[k]));
	});
	return parts.length ? '?' + parts.join('&') : '';
}

/* The knowledge base's categories and sections for a language (GET /help/categories), fetched
 * once per language; resolves to the list (empty when the desk has none). */
export function categories(lang) {
	if (!S.categories[lang])
		S.categories[lang] = api('GET', '/help/categories' + qs({locale: lang})).then(function (r) {
			return (r && r.categories) || [];
		}, function (e) {
			delete S.categories[lang];
			throw e;
		});
	return S.categories[lang];
}

/* A search in the page's language first and, when that finds nothing, in every language. */
export function search(q, lang, limit, signal) {
	return api('GET', '/help/search' + qs({q: q, locale: lang, limit: limit}), null, {signal: signal})
		.then(function (r) {
			var results = (r && r.results) || [];
			if (results.length)
				return {results: results, other: false};
			return api('GET', '/help/search' + qs({q: q, limit: limit}), null, {signal: signal}).then(function (r2) {
				return {results: (r2 && r2.results) || [], other: true};
			});
		});
}
