/* app.js — the help center's start-up and its addresses. One page (index.html) serves every
 * address under /help/; the desk answers it for any path whose last segment has no dot, and this
 * script decides what to show:
 *
 *   /help/{lang}/                        home: search and topics
 *   /help/{lang}/search?q=...            search results
 *   /help/{lang}/categories/{slug}       a topic and its sections
 *   /help/{lang}/articles/{id}           an article
 *   /help/{lang}/requests/new            submit a request
 *   /help/{lang}/requests/check          check my request
 *   /help/{lang}/recovery[/check]        deposit not arrived? and its status (recovery.js)
 *
 * The language is in the address ({lang} is one of i18n.js's LANGS), so a link carries it. An
 * address without one (/help/, /help/?lang=ja, an old link) gets the language from ?lang=, else
 * the reader's last choice, else the browser's languages, else English, and is rewritten to
 * carry it. Links inside the help center change the page without a reload (history API). */

import {LANGS, NAMES, normalize, pick} from './i18n.js';
import {$, S, clear, el, go, t} from './dom.js';
import {renderArticle, renderCategory, renderHome, renderNotFound} from './kb.js';
import {renderResults} from './search.js';
import {renderCheck, renderNewRequest} from './requests.js';
import {renderIncidentBanner} from './incidents.js';
import {renderRecovery, renderRecoveryCheck} from './recovery.js';

var K_LANG = 'exdesk-help-lang';
var K_VISITOR = 'exdesk-help-visitor';

function storeGet(k) {
	try {
		return localStorage.getItem(k);
	} catch (e) {
		return null; /* storage blocked */
	}
}

function storeSet(k, v) {
	try {
		localStorage.setItem(k, v);
	} catch (e) { /* storage blocked: the choice lasts for this page */ }
}

function randomHex(n) {
	var b = new Uint8Array(n);
	crypto.getRandomValues(b);
	return Array.prototype.map.call(b, function (x) {
		return (x < 16 ? '0' : '') + x.toString(16);
	}).join('');
}

/* The help center's base path: everything up to and including "/help/". */
function basePath() {
	var p = location.pathname, i = p.indexOf('/help/');
	return i >= 0 ? p.slice(0, i + 6) : '/help/';
}

/* The address as {lang, parts, params}; lang '' when the address has none. */
function parse() {
	var rest = location.pathname.slice(S.base.length).split('/').filter(Boolean).map(function (s) {
		try {
			return decodeURIComponent(s);
		} catch (e) {
			return s;
		}
	});
	var lang = rest.length && LANGS.indexOf(rest[0]) >= 0 ? rest.shift() : '';
	return {lang: lang, parts: rest, params: new URLSearchParams(location.search)};
}

function chooseLang(route) {
	var fromQuery = normalize(route.params.get('lang') || '');
	if (fromQuery)
		return fromQuery;
	var stored = storeGet(K_LANG);
	if (stored && LANGS.indexOf(stored) >= 0)
		return stored;
	return pick(navigator.languages || [navigator.language || '']);
}

/* The same page in another language. */
function addressIn(lang, route) {
	var params = new URLSearchParams(route.params);
	params.delete('lang');
	var q = params.toString();
	return S.base + lang + '/' + route.parts.map(encodeURIComponent).join('/') + (q ? '?' + q : '') + location.hash;
}

function applyLang() {
	document.documentElement.lang = S.lang;
	Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (n) {
		n.textContent = t(n.getAttribute('data-i18n'));
	});
	Array.prototype.forEach.call(document.querySelectorAll('[data-i18n-aria-label]'), function (n) {
		n.setAttribute('aria-label', t(n.getAttribute('data-i18n-aria-label')));
	});
	$('brand').setAttribute('href', S.base + S.lang + '/');
	$('nav-new').setAttribute('href', S.base + S.lang + '/requests/new');
	$('nav-check').setAttribute('href', S.base + S.lang + '/requests/check');
	$('nav-recovery').setAttribute('href', S.base + S.lang + '/recovery');
	$('lang').value = S.lang;
}

function markNav(parts) {
	var where = parts.join('/');
	[['nav-new', 'requests/new'], ['nav-check', 'requests/check']].forEach(function (x) {
		if (where === x[1])
			$(x[0]).setAttribute('aria-current', 'page');
		else
			$(x[0]).removeAttribute('aria-current');
	});
}

var first = true;
var focusPending = false;

function render() {
	var route = parse();
	if (!route.lang) {
		S.lang = chooseLang(route);
		history.replaceState({}, '', addressIn(S.lang, route));
	} else {
		S.lang = route.lang;
	}
	applyLang();
	markNav(route.parts);
	renderIncidentBanner();
	var main = clear($('main'));
	var p = route.parts;
	if (!p.length)
		renderHome(main);
	else if (p.length === 1 && p[0] === 'search')
		renderResults(main, route.params);
	else if (p.length === 2 && p[0] === 'categories' && /^[a-z0-9_]{1,40}$/.test(p[1]))
		renderCategory(main, p[1]);
	else if (p.length === 2 && p[0] === 'articles' && /^\d{1,15}(-.*)?$/.test(p[1]))
		renderArticle(main, p[1].match(/^\d+/)[0]);
	else if (p.length === 2 && p[0] === 'requests' && p[1] === 'new')
		renderNewRequest(main);
	else if (p.length === 2 && p[0] === 'requests' && p[1] === 'check')
		renderCheck(main, route.params);
	else if (p.length === 1 && p[0] === 'recovery')
		renderRecovery(main);
	else if (p.length === 2 && p[0] === 'recovery' && p[1] === 'check')
		renderRecoveryCheck(main);
	else
		renderNotFound(main);
	/* After a move inside the help center, the new page's title gets the focus (screen readers
	 * announce it); on the first load the browser's own order stands. */
	focusPending = !first;
	first = false;
	window.scrollTo(0, 0);
	focusTitle();
}

function focusTitle() {
	var h = document.getElementById('page-title');
	if (focusPending && h) {
		focusPending = false;
		h.focus({preventScroll: true});
	}
}

function buildLangSelect() {
	var sel = $('lang');
	LANGS.forEach(function (code) {
		sel.appendChild(el('option', {value: code, lang: code, text: NAMES[code]}));
	});
	sel.addEventListener('change', function () {
		storeSet(K_LANG, sel.value);
		go(addressIn(sel.value, parse()));
	});
}

/* Links inside the help center change the page without a reload. */
function onClick(e) {
	if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
		return;
	var a = e.target.closest && e.target.closest('a[href]');
	if (!a || a.target || a.hasAttribute('download'))
		return;
	var url = new URL(a.href, location.href);
	if (url.origin !== location.origin || url.pathname.indexOf(S.base) !== 0 || /\.[a-z0-9]+$/i.test(url.pathname))
		return;
	e.preventDefault();
	if (url.pathname === location.pathname && url.search === location.search && url.hash)
		return void (location.hash = url.hash);
	go(url.pathname + url.search + url.hash);
}

function start() {
	S.base = basePath();
	S.visitor = storeGet(K_VISITOR) || '';
	if (!/^[0-9a-f]{32}$/.test(S.visitor)) {
		S.visitor = randomHex(16);
		storeSet(K_VISITOR, S.visitor);
	}
	buildLangSelect();
	document.addEventListener('click', onClick);
	window.addEventListener('popstate', render);
	window.addEventListener('help:navigate', render);
	/* Pages that load their content later put their title in when it arrives. */
	new MutationObserver(focusTitle).observe($('main'), {childList: true, subtree: true});
	render();
}

start();
