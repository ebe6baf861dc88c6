/* kb.js — the knowledge base's pages: home (search and topics), a topic with its sections, an
 * article with "was this helpful?", and the page for an address that leads nowhere. */

import {api, categories, qs} from './api.js';
import {S, articleBody, clear, el, fmtDate, href, langName, t, tn} from './dom.js';
import {searchBox} from './search.js';

function title(text, attrs) {
	return el('h1', Object.assign({id: 'page-title', tabindex: '-1', text: text}, attrs || {}));
}

function crumbs(items) {
	return el('nav', {className: 'crumbs', 'aria-label': t('breadcrumb')}, [
		el('ol', {}, items.map(function (it, i) {
			var last = i === items.length - 1;
			return el('li', {}, [it.href && !last ? el('a', {href: it.href, text: it.text}) :
				el('span', {text: it.text, 'aria-current': last ? 'page' : null})]);
		}))
	]);
}

function helpMore() {
	return el('section', {className: 'help-more', 'aria-labelledby': 'more-title'}, [
		el('h2', {id: 'more-title', text: t('still_need_help')}),
		el('p', {text: t('contact_text')}),
		el('div', {className: 'btn-row'}, [
			el('a', {className: 'btn primary', href: href('requests/new'), 'data-testid': 'more-submit', text: t('submit_request')}),
			el('a', {className: 'btn', href: href('requests/check'), text: t('check_request')})
		])
	]);
}

function failed(main, retry) {
	var b = el('button', {type: 'button', className: 'btn', text: t('retry')});
	b.addEventListener('click', retry);
	main.appendChild(el('div', {className: 'error', role: 'alert'}, [el('p', {text: t('load_failed')}), b]));
}

/* ---- home ---- */
export function renderHome(main) {
	document.title = t('site_title');
	var grid = el('ul', {className: 'grid', 'data-testid': 'categories', 'aria-busy': 'true'});
	main.appendChild(el('section', {className: 'hero'}, [title(t('home_title')), searchBox({big: true})]));
	main.appendChild(el('section', {'aria-labelledby': 'cats-title'}, [
		el('h2', {id: 'cats-title', text: t('categories_title')}), grid
	]));
	main.appendChild(helpMore());
	var lang = S.lang;
	categories(lang).then(function (list) {
		if (!grid.isConnected || lang !== S.lang)
			return;
		grid.removeAttribute('aria-busy');
		if (!list.length)
			grid.appendChild(el('li', {className: 'muted', text: t('no_articles')}));
		list.forEach(function (c) {
			var sections = (c.sections || []).map(function (s) {
				return s.name;
			}).join(' · ');
			grid.appendChild(el('li', {}, [el('a', {className: 'card', href: href('categories/' + c.slug), 'data-testid': 'category', 'data-slug': c.slug}, [
				el('span', {className: 'card-title', text: c.name}),
				el('span', {className: 'card-meta', text: tn('articles', c.article_count)}),
				sections ? el('span', {className: 'card-meta', text: sections}) : null
			])]));
		});
	}, function () {
		if (grid.isConnected)
			failed(main, function () {
				clear(main);
				renderHome(main);
			});
	});
}

/* ---- a topic: /help/{lang}/categories/{slug} ---- */
export function renderCategory(main, slug) {
	var lang = S.lang;
	var body = el('div', {'aria-busy': 'true'}, [el('p', {className: 'muted', text: t('loading')})]);
	main.appendChild(body);
	Promise.all([
		categories(lang),
		api('GET', '/help/articles' + qs({category: slug, locale: lang, limit: 100}))
	]).then(function (res) {
		if (!body.isConnected || lang !== S.lang)
			return;
		var cat = res[0].filter(function (c) {
			return c.slug === slug;
		})[0];
		if (!cat) {
			clear(main);
			renderNotFound(main);
			return;
		}
		clear(main);
		document.title = cat.name + ' — ' + t('site_title');
		main.appendChild(crumbs([{text: t('site_title'), href: href('')}, {text: cat.name}]));
		main.appendChild(title(cat.name));
		main.appendChild(searchBox({}));
		var articles = (res[1] && res[1].articles) || [];
		var groups = (cat.sections || []).map(function (s) {
			return {section: s, items: []};
		});
		var loose = [];
		articles.forEach(function (a) {
			var g = groups.filter(function (x) {
				return x.section.id === a.section_id;
			})[0];
			(g ? g.items : loose).push(a);
		});
		function list(items) {
			return el('ul', {className: 'links', 'data-testid': 'article-list'}, items.map(function (a) {
				return el('li', {}, [el('a', {href: href('articles/' + a.id), lang: a.locale, 'data-testid': 'article-link', text: a.title})]);
			}));
		}
		if (!articles.length)
			main.appendChild(el('p', {className: 'muted', text: t('no_articles')}));
		if (loose.length) {
			if (groups.some(function (g) { return g.items.length; }))
				main.appendChild(el('h2', {text: t('general_section')}));
			main.appendChild(list(loose));
		}
		groups.forEach(function (g) {
			if (!g.items.length)
				return;
			main.appendChild(el('h2', {text: g.section.name}));
			main.appendChild(list(g.items));
		});
		main.appendChild(helpMore());
	}, function (e) {
		if (!body.isConnected)
			return;
		clear(main);
		if (e && (e.status === 400 || e.status === 404))
			renderNotFound(main);
		else
			failed(main, function () {
				clear(main);
				renderCategory(main, slug);
			});
	});
}

/* ---- an article: /help/{lang}/articles/{id} ---- */
function feedback(article) {
	var status = el('p', {className: 'status', role: 'status', 'data-testid': 'feedback-status'});
	var yes = el('button', {type: 'button', className: 'btn', 'aria-pressed': 'false', 'data-testid': 'helpful-yes', text: t('helpful_yes')});
	var no = el('button', {type: 'button', className: 'btn', 'aria-pressed': 'false', 'data-testid': 'helpful-no', text: t('helpful_no')});
	function send(helpful) {
		yes.disabled = no.disabled = true;
		(helpful ? yes : no).setAttribute('aria-pressed', 'true');
		api('POST', '/help/articles/' + article.id + '/feedback',
			{helpful: helpful, locale: article.locale, visitor_id: S.visitor})
			.then(function () {
				status.textContent = t('helpful_thanks');
			}, function (e) {
				if (e && e.status === 409) {
					status.textContent = t('helpful_already');
					return;
				}
				status.textContent = t('helpful_failed');
				yes.disabled = no.disabled = false;
				(helpful ? yes : no).setAttribute('aria-pressed', 'false');
			});
	}
	yes.addEventListener('click', function () {
		send(true);
	});
	no.addEventListener('click', function () {
		send(false);
	});
	return el('section', {className: 'feedback', 'data-testid': 'feedback', 'aria-labelledby': 'fb-q'}, [
		el('p', {id: 'fb-q', text: t('helpful_question')}),
		el('div', {className: 'btn-row'}, [yes, no]),
		status
	]);
}

export function renderArticle(main, id) {
	var lang = S.lang;
	var wait = el('p', {className: 'muted', text: t('loading')});
	main.appendChild(wait);
	api('GET', '/help/articles/' + id + qs({locale: lang})).then(function (res) {
		if (!wait.isConnected || lang !== S.lang)
			return;
		var a = res.article;
		clear(main);
		document.title = a.title + ' — ' + t('site_title');
		var trail = [{text: t('site_title'), href: href('')}];
		if (a.category)
			trail.push({text: a.category.name, href: href('categories/' + a.category.slug)});
		if (a.section)
			trail.push({text: a.section.name});
		trail.push({text: a.title});
		main.appendChild(el('div', {className: 'page-search'}, [searchBox({})]));
		main.appendChild(crumbs(trail));
		var article = el('article', {lang: a.locale, 'data-testid': 'article', 'data-id': a.id});
		article.appendChild(title(a.title, {'data-testid': 'article-title'}));
		article.appendChild(el('p', {className: 'article-meta', lang: lang, text: t('updated', {date: fmtDate(a.updated_at)})}));
		if (a.fallback)
			article.appendChild(el('p', {className: 'notice', lang: lang, 'data-testid': 'fallback-notice',
				text: t('fallback_notice', {wanted: langName(a.requested_locale || lang), shown: langName(a.locale)})}));
		var body = el('div', {className: 'article-body', 'data-testid': 'article-body'});
		body.appendChild(articleBody(a.body_html));
		article.appendChild(body);
		main.appendChild(article);
		var others = (a.locales || []).filter(function (l) {
			return l !== a.locale;
		});
		if (others.length)
			main.appendChild(el('p', {className: 'also', 'data-testid': 'also-in'}, [t('also_in') + ' '].concat(others.map(function (l) {
				return el('a', {href: href('articles/' + a.id, l), lang: l, hreflang: l, text: langName(l)});
			}))));
		main.appendChild(feedback(a));
		main.appendChild(helpMore());
	}, function (e) {
		if (!wait.isConnected)
			return;
		clear(main);
		if (e && (e.status === 404 || e.status === 400))
			renderNotFound(main);
		else
			failed(main, function () {
				clear(main);
				renderArticle(main, id);
			});
	});
}

/* ---- nowhere ---- */
export function renderNotFound(main) {
	document.title = t('not_found_title') + ' — ' + t('site_title');
	main.appendChild(title(t('not_found_title'), {'data-testid': 'not-found'}));
	main.appendChild(el('p', {text: t('not_found_text')}));
	main.appendChild(searchBox({}));
	main.appendChild(el('p', {}, [el('a', {href: href(''), text: t('back_home')})]));
}
