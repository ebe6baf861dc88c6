/* search.js — the search box with instant suggestions (an ARIA combobox), and the results page.
 *
 * Suggestions come from GET /api/v1/help/search, debounced, in the page's language first and in
 * every language when that finds nothing. A word still being composed with an input method
 * (Chinese pinyin, Japanese kana->kanji, Korean jamo) is not searched: between compositionstart
 * and compositionend the box waits, and Enter that confirms a candidate does not submit.
 * Only the newest answer is shown (older requests are aborted). Highlights are built from the
 * API's spans as text nodes and <mark>, never as HTML. */

import {categories, search} from './api.js';
import {S, clear, el, go, highlighted, href, langName, searchable, t} from './dom.js';

var DEBOUNCE_MS = 180;
var SUGGESTIONS = 6;
var RESULTS = 30;
var boxes = 0;

/* slug -> name in the page's language, for the "where" line of a result. */
function categoryNames() {
	return categories(S.lang).then(function (list) {
		var m = {};
		list.forEach(function (c) {
			m[c.slug] = c.name;
		});
		return m;
	}, function () {
		return {};
	});
}

/* Where an article found in `locale` is read: in the page's language when it is that one, else
 * in its own (its text is what matched). */
function articleHref(r) {
	return href('articles/' + r.id, r.locale && r.locale !== S.lang ? r.locale : S.lang);
}

function resultsHref(q) {
	return href('search?q=' + encodeURIComponent(q));
}

/* A search box. opts: big (the home page's), value. Returns the form. */
export function searchBox(opts) {
	opts = opts || {};
	var id = 'sb' + (++boxes);
	var input = el('input', {
		type: 'search', id: id + '-q', name: 'q', autocomplete: 'off', autocapitalize: 'off',
		spellcheck: 'false', enterkeyhint: 'search', maxlength: '200', role: 'combobox',
		'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': id + '-list',
		placeholder: t('search_hint'), 'data-testid': 'search-input'
	});
	if (opts.value)
		input.value = opts.value;
	var list = el('ul', {id: id + '-list', role: 'listbox', className: 'suggestions',
		'data-testid': 'suggestions', 'aria-label': t('search_label'), hidden: true});
	var live = el('p', {className: 'visually-hidden', role: 'status', 'aria-live': 'polite'});
	var button = el('button', {type: 'submit', className: 'search-btn', 'data-testid': 'search-submit'}, [
		el('span', {text: t('search_button')})
	]);
	var form = el('form', {role: 'search', className: 'search' + (opts.big ? '' : ' small'),
		action: resultsHref(''), method: 'get', 'data-testid': 'search-form'}, [
		el('label', {for: input.id, className: 'visually-hidden', text: t('search_label')}),
		el('div', {className: 'search-row'}, [input, button]),
		list,
		live
	]);

	var composing = false, timer = 0, ctrl = null, seq = 0, shown = '', items = [], active = -1;

	function close() {
		list.hidden = true;
		input.setAttribute('aria-expanded', 'false');
		input.removeAttribute('aria-activedescendant');
		active = -1;
	}

	function setActive(i) {
		items.forEach(function (li, k) {
			li.setAttribute('aria-selected', k === i ? 'true' : 'false');
		});
		active = i;
		if (i >= 0) {
			input.setAttribute('aria-activedescendant', items[i].id);
			items[i].scrollIntoView({block: 'nearest'});
		} else {
			input.removeAttribute('aria-activedescendant');
		}
	}

	function option(idx, children, url, extra) {
		var li = el('li', Object.assign({id: id + '-o' + idx, role: 'option', className: 'suggestion',
			'aria-selected': 'false', 'data-href': url}, extra || {}), children);
		li.addEventListener('mousedown', function (e) {
			e.preventDefault(); /* keep the focus in the box */
		});
		li.addEventListener('click', function () {
			close();
			go(url);
		});
		items.push(li);
		return li;
	}

	function render(q, found, names) {
		clear(list);
		items = [];
		active = -1;
		if (found.other && found.results.length)
			list.appendChild(el('li', {role: 'presentation', className: 'suggest-head', text: t('other_languages')}));
		found.results.forEach(function (r, i) {
			var where = [names[r.category] || '', r.locale !== S.lang ? langName(r.locale) : '']
				.filter(Boolean).join(' · ');
			list.appendChild(option(i, [
				el('span', {className: 's-title'}, [highlighted(r.title_highlights, r.title)]),
				where ? el('span', {className: 's-meta', text: where}) : null
			], articleHref(r), {lang: r.locale, 'data-testid': 'suggestion', 'data-id': r.id}));
		});
		if (!found.results.length)
			list.appendChild(el('li', {role: 'presentation', className: 'suggest-head', text: t('suggestions_none')}));
		list.appendChild(option(found.results.length, [t('search_all', {q: q})], resultsHref(q),
			{className: 'suggestion all', 'data-testid': 'suggest-all'}));
		list.hidden = false;
		input.setAttribute('aria-expanded', 'true');
		live.textContent = found.results.length ? t('suggestions_count', {n: found.results.length}) : t('suggestions_none');
	}

	function run() {
		var q = input.value.trim();
		if (!searchable(q)) {
			shown = '';
			if (ctrl)
				ctrl.abort();
			close();
			return;
		}
		if (q === shown && !list.hidden)
			return;
		if (ctrl)
			ctrl.abort();
		ctrl = typeof AbortController === 'function' ? new AbortController() : null;
		var mine = ++seq;
		Promise.all([search(q, S.lang, SUGGESTIONS, ctrl && ctrl.signal), categoryNames()])
			.then(function (res) {
				if (mine !== seq || document.activeElement !== input || composing)
					return;
				shown = q;
				render(q, res[0], res[1]);
			}, function () {
				/* aborted, offline, or a query the desk refused: no suggestions, the box still works */
			});
	}

	function schedule() {
		clearTimeout(timer);
		timer = setTimeout(run, DEBOUNCE_MS);
	}

	input.addEventListener('compositionstart', function () {
		composing = true;
		clearTimeout(timer);
	});
	input.addEventListener('compositionend', function () {
		composing = false;
		schedule();
	});
	input.addEventListener('input', function (e) {
		if (composing || e.isComposing)
			return;
		schedule();
	});
	input.addEventListener('focus', function () {
		if (input.value.trim())
			schedule();
	});
	input.addEventListener('blur', function () {
		clearTimeout(timer);
		close();
	});
	input.addEventListener('keydown', function (e) {
		if (e.isComposing || composing || e.keyCode === 229)
			return; /* the input method's own keys: choosing a candidate */
		if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
			if (list.hidden) {
				if (items.length && shown === input.value.trim()) {
					list.hidden = false;
					input.setAttribute('aria-expanded', 'true');
				} else {
					schedule();
				}
				e.preventDefault();
				return;
			}
			var n = items.length;
			if (!n)
				return;
			e.preventDefault();
			setActive(e.key === 'ArrowDown' ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
		} else if (e.key === 'Enter' && !list.hidden && active >= 0) {
			e.preventDefault();
			var url = items[active].getAttribute('data-href');
			close();
			go(url);
		} else if (e.key === 'Escape') {
			if (!list.hidden) {
				e.preventDefault();
				close();
			}
		}
	});
	form.addEventListener('submit', function (e) {
		e.preventDefault();
		if (composing)
			return;
		clearTimeout(timer);
		if (ctrl)
			ctrl.abort();
		close();
		go(resultsHref(input.value.trim()));
	});
	return form;
}

/* ---- the results page: /help/{lang}/search?q=... ---- */
export function renderResults(main, params) {
	var q = (params.get('q') || '').trim();
	document.title = (q ? t('results_title', {q: q}) : t('search_button')) + ' — ' + t('site_title');
	var h1 = el('h1', {id: 'page-title', tabindex: '-1', text: q ? t('results_title', {q: q}) : t('search_button')});
	var status = el('p', {className: 'muted', role: 'status', 'data-testid': 'results-status', text: q ? t('loading') : t('search_empty')});
	var list = el('ol', {className: 'results', 'data-testid': 'results'});
	main.appendChild(h1);
	main.appendChild(searchBox({value: q}));
	main.appendChild(status);
	main.appendChild(list);
	if (!q)
		return;
	var lang = S.lang;
	Promise.all([search(q, lang, RESULTS), categoryNames()]).then(function (res) {
		if (!list.isConnected || S.lang !== lang)
			return;
		var found = res[0], names = res[1];
		if (!found.results.length) {
			status.textContent = t('results_none', {q: q}) + ' ' + t('results_none_help');
			main.appendChild(el('p', {}, [el('a', {className: 'btn primary', href: href('requests/new'), text: t('submit_request')})]));
			return;
		}
		status.textContent = (found.other ? t('results_other_langs', {lang: langName(lang)}) + ' ' : '') +
			t('results_count', {n: found.results.length});
		found.results.forEach(function (r) {
			var meta = [names[r.category] || '', r.locale !== lang ? langName(r.locale) : ''].filter(Boolean);
			list.appendChild(el('li', {className: 'result', lang: r.locale, 'data-testid': 'result', 'data-id': r.id}, [
				el('h2', {}, [el('a', {href: articleHref(r), 'data-testid': 'result-link'}, [highlighted(r.title_highlights, r.title)])]),
				el('p', {'data-testid': 'result-snippet'}, [highlighted(r.snippet_highlights, r.snippet)]),
				meta.length ? el('p', {className: 'r-meta', text: meta.join(' · ')}) : null
			]));
		});
	}, function (e) {
		if (!list.isConnected)
			return;
		status.textContent = e && e.status === 400 ? t('results_none', {q: q}) : t('load_failed');
	});
}
