/* dom.js — page helpers: getting and building elements (text only through textContent),
 * interface strings in the widget's language, times and names, the error line and the notice. */

import {I18N, S} from './state.js';

/* ---------------------------------------------------------------- helpers ---- */
export var $ = function (id) {
	return document.getElementById(id);
};

export function t(key, vars) {
	return I18N.t(S.lang, key, vars);
}

/* Builds an element. Text goes in through textContent only. */
export function el(tag, attrs, children) {
	var node = document.createElement(tag);
	if (attrs)
		Object.keys(attrs).forEach(function (k) {
			var v = attrs[k];
			if (v === null || v === undefined || v === false)
				return;
			if (k === 'text')
				node.textContent = v;
			else if (k === 'className')
				node.className = v;
			else
				node.setAttribute(k, v === true ? '' : String(v));
		});
	(children || []).forEach(function (c) {
		if (c === null || c === undefined)
			return;
		node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
	});
	return node;
}

export function fmtTime(iso) {
	var d = new Date(iso);
	if (isNaN(d))
		return '';
	try {
		var now = new Date();
		var sameDay = d.toDateString() === now.toDateString();
		return new Intl.DateTimeFormat(S.lang, sameDay ? {hour: '2-digit', minute: '2-digit'} :
			{month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'}).format(d);
	} catch (e) {
		return d.toISOString().slice(0, 16).replace('T', ' ');
	}
}

/* The whole name: "first word" is the family name in Chinese, Japanese, Korean, Vietnamese. */
export function agentName(name) {
	var n = String(name || '').trim();
	return n || t('agent_fallback');
}

/* ---------------------------------------------------------------- notices ---- */
export var retryAction = null;
export function showError(text, retry) {
	$('error-text').textContent = text;
	retryAction = retry || null;
	$('error-retry').hidden = !retry;
	$('error').hidden = false;
}
export function clearError() {
	$('error').hidden = true;
	retryAction = null;
}
export function errorText(e, fallbackKey) {
	if (!e)
		return t(fallbackKey);
	if (e.status === 413)
		return t('too_large');
	if (e.status === 415)
		return t('bad_type');
	if (e.status === 429)
		return t('rate_limited');
	if (e.status === 422 && e.code === 'too_long')
		return t('too_long');
	if (e.status === 503 || e.status === 0)
		return t('unavailable');
	return t(fallbackKey);
}
export var noticeKey = null;
export function showNotice(key) {
	noticeKey = key || null;
	var n = $('notice');
	n.textContent = key ? t(key) : '';
	n.hidden = !key;
}
