/* dom.js — the help center's page helpers: the shared state, building elements (text only through
 * textContent), strings in the page's language, search highlights as text nodes and <mark>, and
 * the one place where HTML from the desk enters the page (articleBody). */

import {NAMES, plural, translate} from './i18n.js';

/* The page's state: its language and what was loaded for it. */
export var S = {
	lang: 'en',
	base: '/help/', /* the path the help center is served under, with its trailing slash */
	categories: {}, /* lang -> promise of GET /help/categories */
	visitor: ''     /* random id kept in localStorage: "was this helpful?" once a day per article */
};

export var $ = function (id) {
	return document.getElementById(id);
};

export function t(key, vars) {
	return translate(S.lang, key, vars);
}

export function tn(base, n) {
	return plural(S.lang, base, n);
}

export function langName(code) {
	return NAMES[code] || code;
}

/* Builds an element. Text goes in through textContent only; attributes through setAttribute. */
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
		if (c === null || c === undefined || c === false)
			return;
		node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
	});
	return node;
}

export function clear(node) {
	while (node.firstChild)
		node.removeChild(node.firstChild);
	return node;
}

/* A highlighted text from the search API's spans [{text, hit}]: text nodes, hits in <mark>.
 * Falls back to the plain text when there are no spans. */
export function highlighted(spans, plain) {
	var frag = document.createDocumentFragment();
	if (!Array.isArray(spans) || !spans.length) {
		frag.appendChild(document.createTextNode(plain || ''));
		return frag;
	}
	spans.forEach(function (s) {
		var text = String(s && s.text || '').replace(/\s+/g, ' ');
		if (!text)
			return;
		frag.appendChild(s.hit ? el('mark', {text: text}) : document.createTextNode(text));
	});
	return frag;
}

/* Internal links of the help center, in the page's language. */
export function href(path, lang) {
	return S.base + (lang || S.lang) + '/' + (path || '');
}

/* Moves to another page of the help center without a reload; app.js renders it. */
export function go(url, replace) {
	history[replace ? 'replaceState' : 'pushState']({}, '', url);
	window.dispatchEvent(new Event('help:navigate'));
}

/* Is q worth searching for: two characters, or one of a script written without spaces (a
 * single Chinese character is a word). */
export function searchable(q) {
	var chars = Array.from(q);
	return chars.length >= 2 || (chars.length === 1 && /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]/.test(q));
}

/* The length of s in UTF-8 bytes (the desk's limits count bytes). */
export function utf8Bytes(s) {
	return new TextEncoder().encode(s).length;
}

export function fmtDate(iso, withTime) {
	var d = new Date(iso);
	if (!iso || isNaN(d))
		return '';
	try {
		return new Intl.DateTimeFormat(S.lang, withTime ? {dateStyle: 'medium', timeStyle: 'short'} :
			{dateStyle: 'long'}).format(d);
	} catch (e) {
		return d.toISOString().slice(0, withTime ? 16 : 10).replace('T', ' ');
	}
}

/* ------------------------------------------------------------ article bodies ---- */
/* The desk renders articles from Markdown with cmark in safe mode (raw HTML dropped, unsafe
 * link targets emptied), so body_html is already safe. It still does not go into the page as
 * HTML: it is parsed in an inert document (DOMParser runs no script and loads nothing) and
 * copied over element by element, keeping only the elements and attributes CommonMark produces
 * and only link and image targets that are http(s), mailto, relative or images in data: URLs.
 * Anything else becomes its text. Headings move one level down: the page's title is the h1. */
var BLOCKS = ['P', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'PRE', 'HR', 'BR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6'];
var INLINE = ['A', 'IMG', 'CODE', 'EM', 'STRONG', 'DEL', 'S', 'SUP', 'SUB', 'KBD'];
var TABLE = ['TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD'];

function safeUrl(u, image) {
	var s = String(u || '').trim();
	if (!s)
		return '';
	if (/^(https?:|mailto:)/i.test(s))
		return image && /^mailto:/i.test(s) ? '' : s;
	if (image && /^data:image\/(png|jpe?g|gif|webp);/i.test(s))
		return s;
	if (/^[a-z][a-z0-9+.-]*:/i.test(s) || /^\/\//.test(s))
		return ''; /* another scheme, or protocol-relative to another host */
	return s; /* relative: the desk's own pages */
}

function copyNode(src, out) {
	Array.prototype.forEach.call(src.childNodes, function (n) {
		if (n.nodeType === 3) {
			out.appendChild(document.createTextNode(n.nodeValue));
			return;
		}
		if (n.nodeType !== 1)
			return; /* comments (cmark's "raw HTML omitted"), processing instructions */
		var tag = n.tagName.toUpperCase();
		if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE' || tag === 'IFRAME' ||
		    tag === 'OBJECT' || tag === 'EMBED' || tag === 'NOSCRIPT')
			return;
		if (BLOCKS.indexOf(tag) < 0 && INLINE.indexOf(tag) < 0 && TABLE.indexOf(tag) < 0) {
			copyNode(n, out); /* unknown element: its text only */
			return;
		}
		var name = tag;
		var h = /^H([1-6])$/.exec(tag);
		if (h)
			name = 'H' + Math.min(6, Number(h[1]) + 1);
		var e = document.createElement(name);
		if (tag === 'A') {
			var u = safeUrl(n.getAttribute('href'), false);
			if (u) {
				e.setAttribute('href', u);
				if (/^https?:/i.test(u))
					e.setAttribute('rel', 'noopener noreferrer nofollow');
			}
			if (n.getAttribute('title'))
				e.setAttribute('title', n.getAttribute('title'));
		} else if (tag === 'IMG') {
			var src2 = safeUrl(n.getAttribute('src'), true);
			if (!src2) {
				out.appendChild(document.createTextNode(n.getAttribute('alt') || ''));
				return;
			}
			e.setAttribute('src', src2);
			e.setAttribute('alt', n.getAttribute('alt') || '');
			e.setAttribute('loading', 'lazy');
			e.setAttribute('referrerpolicy', 'no-referrer');
		} else if (tag === 'OL' && /^\d{1,6}$/.test(n.getAttribute('start') || '')) {
			e.setAttribute('start', n.getAttribute('start'));
		} else if (tag === 'CODE' && /^language-[\w-]{1,30}$/.test(n.getAttribute('class') || '')) {
			e.setAttribute('class', n.getAttribute('class'));
		}
		copyNode(n, e);
		out.appendChild(e);
	});
	return out;
}

export function articleBody(html) {
	var doc = new DOMParser().parseFromString('<!doctype html><body>' + String(html || ''), 'text/html');
	return copyNode(doc.body, document.createDocumentFragment());
}
