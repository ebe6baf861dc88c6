/* requests.js — "Submit a request" (POST /api/v1/help/requests: a ticket on the desk's `web`
 * channel) and "Check my request" (POST /api/v1/help/requests/lookup: a ticket's status and
 * public conversation, for its number and its requester's email). docs/help-center.md.
 *
 * The form fetches a signed form token when it opens; the desk refuses a form sent sooner than
 * min_fill_ms after that, so a person who is quicker than that simply waits a moment longer on
 * "Sending…" (robots are refused). A form kept open across a server restart gets
 * `form_expired`: it fetches a new token and sends again once, by itself. Nothing typed here is
 * kept in the browser, and the email never goes into an address. */

import {api, qs, search} from './api.js';
import {LANGS} from './i18n.js';
import {S, clear, el, fmtDate, href, langName, searchable, t, utf8Bytes} from './dom.js';

var EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function sleep(ms) {
	return new Promise(function (resolve) {
		setTimeout(resolve, Math.max(0, ms));
	});
}

function title(text) {
	return el('h1', {id: 'page-title', tabindex: '-1', text: text});
}

/* A labelled field with its hint and error line, wired with aria-describedby. */
function field(name, label, control, hint) {
	var hintId = control.id + '-hint', errId = control.id + '-err';
	var err = el('span', {id: errId, className: 'field-error', 'data-testid': name + '-error', hidden: true});
	control.setAttribute('aria-describedby', (hint ? hintId + ' ' : '') + errId);
	return {
		node: el('div', {className: 'field'}, [
			el('label', {for: control.id, text: label}),
			control,
			hint ? el('span', {id: hintId, className: 'hint', text: hint}) : null,
			err
		]),
		control: control,
		error: function (text) {
			err.textContent = text || '';
			err.hidden = !text;
			if (text)
				control.setAttribute('aria-invalid', 'true');
			else
				control.removeAttribute('aria-invalid');
		}
	};
}

function minutes(e) {
	return Math.max(1, Math.ceil((e && e.retryAfter || 60) / 60));
}

/* ---- /help/{lang}/requests/new ---- */
export function renderNewRequest(main) {
	document.title = t('submit_request') + ' — ' + t('site_title');
	var lang = S.lang;
	var config = null, configAt = 0;
	function loadConfig() {
		return api('GET', '/help/requests/form' + qs({locale: lang})).then(function (c) {
			config = c;
			configAt = Date.now();
			return c;
		});
	}

	var f = {
		email: field('email', t('email_label'), el('input', {id: 'req-email', type: 'email', name: 'email', autocomplete: 'email',
			inputmode: 'email', maxlength: '254', required: true, 'data-testid': 'request-email'})),
		name: field('name', t('name_label'), el('input', {id: 'req-name', type: 'text', name: 'name', autocomplete: 'name',
			maxlength: '200', 'data-testid': 'request-name'})),
		subject: field('subject', t('subject_label'), el('input', {id: 'req-subject', type: 'text', name: 'subject',
			maxlength: '200', required: true, autocomplete: 'off', 'data-testid': 'request-subject'})),
		category: field('category', t('category_label'), el('select', {id: 'req-category', name: 'category', 'data-testid': 'request-category'}, [
			el('option', {value: '', text: t('category_none')})
		])),
		language: field('language', t('language_label'), el('select', {id: 'req-language', name: 'language', 'data-testid': 'request-language'})),
		description: field('description', t('description_label'), el('textarea', {id: 'req-description', name: 'description',
			rows: '8', required: true, 'data-testid': 'request-description'}), t('description_hint'))
	};
	LANGS.forEach(function (l) {
		f.language.control.appendChild(el('option', {value: l, lang: l, text: langName(l)}));
	});
	f.language.control.value = lang;
	var honeypot = el('input', {id: 'req-website', type: 'text', name: 'website', tabindex: '-1', autocomplete: 'off', 'data-testid': 'request-website'});
	var deflect = el('div', {className: 'deflect', 'data-testid': 'deflect', hidden: true});
	var error = el('p', {className: 'error', role: 'alert', 'data-testid': 'request-error', hidden: true});
	var submit = el('button', {type: 'submit', className: 'btn primary', 'data-testid': 'request-submit', text: t('send')});
	var form = el('form', {className: 'form', novalidate: true, 'data-testid': 'request-form'}, [
		f.email.node,
		f.name.node,
		f.subject.node,
		deflect,
		el('div', {className: 'pair'}, [f.category.node, f.language.node]),
		f.description.node,
		el('div', {className: 'hp', 'aria-hidden': 'true'}, [el('label', {for: honeypot.id, text: t('honeypot_label')}), honeypot]),
		error,
		el('div', {className: 'btn-row'}, [submit])
	]);
	main.appendChild(title(t('submit_request')));
	main.appendChild(el('p', {text: t('form_intro')}));
	main.appendChild(el('p', {className: 'notice', text: t('safety')}));
	main.appendChild(form);

	var ready = loadConfig().then(function (c) {
		(c.categories || []).forEach(function (cat) {
			f.category.control.appendChild(el('option', {value: cat.slug, text: cat.name}));
		});
		return c;
	});
	ready.catch(function () { /* shown when the form is sent */ });

	/* Articles that may answer the question, from the subject as it is typed (not mid-IME). */
	var composing = false, timer = 0, dseq = 0;
	function suggest() {
		var q = f.subject.control.value.trim();
		var mine = ++dseq;
		if (!searchable(q)) {
			deflect.hidden = true;
			return;
		}
		search(q, lang, 3).then(function (found) {
			if (mine !== dseq || !deflect.isConnected)
				return;
			clear(deflect);
			deflect.hidden = !found.results.length;
			if (!found.results.length)
				return;
			deflect.appendChild(el('p', {text: t('deflect_title')}));
			deflect.appendChild(el('ul', {}, found.results.map(function (r) {
				return el('li', {lang: r.locale}, [el('a', {href: href('articles/' + r.id, r.locale), target: '_blank',
					rel: 'noopener', 'data-testid': 'deflect-link', text: r.title})]);
			})));
		}, function () {});
	}
	f.subject.control.addEventListener('compositionstart', function () {
		composing = true;
	});
	f.subject.control.addEventListener('compositionend', function () {
		composing = false;
		clearTimeout(timer);
		timer = setTimeout(suggest, 400);
	});
	f.subject.control.addEventListener('input', function (e) {
		if (composing || e.isComposing)
			return;
		clearTimeout(timer);
		timer = setTimeout(suggest, 400);
	});
	/* Enter that confirms an input-method candidate in a one-line field must not send the form. */
	form.addEventListener('keydown', function (e) {
		if (e.key === 'Enter' && (e.isComposing || e.keyCode === 229))
			e.preventDefault();
	});

	function showError(text) {
		error.textContent = text || '';
		error.hidden = !text;
	}

	function validate() {
		var bad = [];
		Object.keys(f).forEach(function (k) {
			f[k].error('');
		});
		var email = f.email.control.value.trim();
		if (!email)
			bad.push([f.email, t('required')]);
		else if (!EMAIL_RE.test(email) || utf8Bytes(email) > 254)
			bad.push([f.email, t('email_invalid')]);
		if (utf8Bytes(f.name.control.value.trim()) > 200)
			bad.push([f.name, t('too_long')]);
		var subject = f.subject.control.value.trim();
		if (!subject)
			bad.push([f.subject, t('required')]);
		else if (utf8Bytes(subject) > ((config && config.limits && config.limits.subject) || 200))
			bad.push([f.subject, t('too_long')]);
		var desc = f.description.control.value;
		if (!desc.trim())
			bad.push([f.description, t('required')]);
		else if (utf8Bytes(desc) > ((config && config.limits && config.limits.description) || 16384))
			bad.push([f.description, t('too_long')]);
		bad.forEach(function (b) {
			b[0].error(b[1]);
		});
		if (bad.length) {
			showError(t('form_errors'));
			bad[0][0].control.focus();
		}
		return !bad.length;
	}

	function body() {
		return {
			email: f.email.control.value.trim(),
			name: f.name.control.value.trim() || undefined,
			subject: f.subject.control.value.trim(),
			description: f.description.control.value,
			category: f.category.control.value || undefined,
			language: f.language.control.value || lang,
			website: honeypot.value,
			form_token: config.form_token
		};
	}

	/* Waits out the minimum fill time (measured from when this page got its token), then sends;
	 * a token from before a restart, or a clock that ran slow, gets one more try. */
	function send(retried) {
		var wait = (config.min_fill_ms || 0) + 300 - (Date.now() - configAt);
		return sleep(wait).then(function () {
			return api('POST', '/help/requests', body());
		}).catch(function (e) {
			if (!retried && e && e.status === 422 && e.code === 'form_expired')
				return loadConfig().then(function () {
					return send(true);
				});
			if (!retried && e && e.status === 422 && e.code === 'too_fast')
				return sleep((e.retryAfter || 1) * 1000).then(function () {
					return send(true);
				});
			throw e;
		});
	}

	function fail(e) {
		var target = null, text = t('send_failed');
		if (e && e.status === 429)
			text = t('rate_limited', {minutes: minutes(e)});
		else if (e && e.status === 413)
			target = f.description, text = t('too_long');
		else if (e && e.status === 422) {
			target = f[e.field] || null;
			if (e.code === 'too_long')
				text = t('too_long');
			else if (e.code === 'too_many')
				text = t('too_many_links', {n: (config && config.max_links) || 3}), target = f.description;
			else if (e.field === 'email')
				text = t('email_invalid');
			else if (e.code === 'missing_field')
				text = t('required');
		}
		if (target) {
			target.error(text);
			target.control.focus();
			showError(t('form_errors'));
		} else {
			showError(text);
		}
	}

	form.addEventListener('submit', function (e) {
		e.preventDefault();
		if (submit.disabled)
			return;
		showError('');
		if (!validate())
			return;
		submit.disabled = true;
		submit.textContent = t('sending');
		form.setAttribute('aria-busy', 'true');
		ready.then(function () {
			return send(false);
		}).then(function (res) {
			if (!form.isConnected)
				return;
			sent(main, form, res, body().email);
		}, function (err) {
			if (!form.isConnected)
				return;
			fail(err);
		}).then(function () {
			submit.disabled = false;
			submit.textContent = t('send');
			form.removeAttribute('aria-busy');
		});
	});
}

function sent(main, form, res, email) {
	var heading = el('h2', {id: 'sent-title', tabindex: '-1', text: t('sent_title')});
	var box = el('section', {className: 'success', 'data-testid': 'request-sent', 'aria-labelledby': 'sent-title'}, [
		heading,
		el('p', {}, [t('sent_number') + ': ', el('strong', {className: 'number', 'data-testid': 'request-number', text: res.number})]),
		res.acknowledged ? el('p', {text: t('sent_ack', {email: email})}) : null,
		el('p', {text: t('sent_keep')}),
		el('p', {}, [el('a', {className: 'btn', href: href('requests/check?number=' + encodeURIComponent(res.number)),
			'data-testid': 'sent-check', text: t('check_request')})])
	]);
	form.replaceWith(box);
	heading.focus();
}

/* ---- /help/{lang}/requests/check ---- */
export function renderCheck(main, params) {
	document.title = t('check_request') + ' — ' + t('site_title');
	var number = field('number', t('number_label'), el('input', {id: 'chk-number', type: 'text', name: 'number', autocomplete: 'off',
		autocapitalize: 'characters', spellcheck: 'false', placeholder: 'EXD-100012', maxlength: '32', required: true, 'data-testid': 'check-number'}));
	var email = field('email', t('email_label'), el('input', {id: 'chk-email', type: 'email', name: 'email', autocomplete: 'email',
		inputmode: 'email', maxlength: '254', required: true, 'data-testid': 'check-email'}));
	number.control.value = (params.get('number') || '').slice(0, 32);
	var error = el('p', {className: 'error', role: 'alert', 'data-testid': 'check-error', hidden: true});
	var submit = el('button', {type: 'submit', className: 'btn primary', 'data-testid': 'check-submit', text: t('check_button')});
	var form = el('form', {className: 'form', novalidate: true, 'data-testid': 'check-form'}, [
		el('div', {className: 'pair'}, [number.node, email.node]), error, el('div', {className: 'btn-row'}, [submit])
	]);
	var result = el('div', {'data-testid': 'request-result'});
	main.appendChild(title(t('check_request')));
	main.appendChild(el('p', {text: t('check_intro')}));
	main.appendChild(form);
	main.appendChild(result);

	function showError(text) {
		error.textContent = text || '';
		error.hidden = !text;
	}

	form.addEventListener('submit', function (e) {
		e.preventDefault();
		if (submit.disabled)
			return;
		number.error('');
		email.error('');
		showError('');
		var n = number.control.value.trim(), m = email.control.value.trim();
		var bad = false;
		if (!n)
			number.error(t('required')), bad = true;
		else if (!/^#?\s*(exd-)?\d{1,18}$/i.test(n))
			number.error(t('number_invalid')), bad = true;
		if (!m)
			email.error(t('required')), bad = true;
		else if (!EMAIL_RE.test(m))
			email.error(t('email_invalid')), bad = true;
		if (bad) {
			(number.control.getAttribute('aria-invalid') ? number : email).control.focus();
			return;
		}
		clear(result);
		submit.disabled = true;
		submit.textContent = t('checking');
		api('POST', '/help/requests/lookup', {number: n.replace(/^#\s*/, ''), email: m}).then(function (res) {
			if (result.isConnected)
				showRequest(result, res.request);
		}, function (err) {
			if (err && err.status === 404)
				showError(t('check_not_found'));
			else if (err && err.status === 429)
				showError(t('check_rate_limited', {minutes: minutes(err)}));
			else if (err && err.status === 422 && err.field === 'number')
				number.error(t('number_invalid'));
			else if (err && err.status === 422 && err.field === 'email')
				email.error(t('email_invalid'));
			else
				showError(t('check_failed'));
		}).then(function () {
			submit.disabled = false;
			submit.textContent = t('check_button');
		});
	});
}

function showRequest(box, r) {
	var heading = el('h2', {tabindex: '-1', 'data-testid': 'request-subject', text: r.subject});
	var facts = el('dl', {className: 'facts'}, [
		el('dt', {text: t('number_label')}), el('dd', {'data-testid': 'request-number-shown', text: r.number}),
		el('dt', {text: t('submitted_label')}), el('dd', {text: fmtDate(r.created_at, true)}),
		el('dt', {text: t('updated_label')}), el('dd', {text: fmtDate(r.updated_at, true)})
	]);
	var thread = el('ol', {className: 'thread', 'data-testid': 'request-thread'}, (r.messages || []).map(function (m) {
		var who = m.kind === 'customer' ? t('you') : (m.author && m.author.name) || t('agent_fallback');
		return el('li', {className: 'msg', 'data-kind': m.kind, 'data-testid': 'request-message'}, [
			el('div', {className: 'msg-head'}, [el('strong', {text: who}), el('time', {datetime: m.created_at, text: fmtDate(m.created_at, true)})]),
			el('p', {className: 'msg-body', text: m.body})
		]);
	}));
	box.appendChild(el('section', {className: 'request', 'aria-label': t('check_request')}, [
		el('div', {className: 'request-head'}, [
			heading,
			el('span', {className: 'status-badge', 'data-status': r.status, 'data-testid': 'request-status'}, [
				el('span', {className: 'visually-hidden', text: t('status_label') + ': '}),
				t('status_' + r.status)
			])
		]),
		facts,
		r.merged_from ? el('p', {className: 'muted', text: t('merged_note', {from: r.merged_from, number: r.number})}) : null,
		el('h3', {text: t('conversation')}),
		thread,
		el('p', {className: 'muted', text: t('reply_by_email')})
	]));
	heading.focus();
}
