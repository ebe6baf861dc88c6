/* frame.js — the customer chat widget (frame.html), usually inside the iframe widget.js adds to an
 * exchange's page. It owns the widget session, the conversation view and the push stream; the
 * parent page only hosts the launcher and shows what this frame asks it to (badge, title, sound).
 *
 * Rules kept throughout:
 *  - customer and agent text reaches the page only through textContent / createTextNode; no
 *    innerHTML anywhere, and links are not made clickable (phishing on a crypto desk);
 *  - postMessage only to and from the parent window, at the origin the loader told us
 *    (#origin=...), and never with message text in it;
 *  - every message is keyed by its id, so a replayed stream item, a poll and a POST answer that
 *    carry the same message show it once. */
(function () {
	'use strict';

	var I18N = window.ExdeskI18n;
	var API = '/api/v1';
	var MAX_ATTACHMENT = 5 * 1024 * 1024;
	var TYPING_THROTTLE_MS = 3000;
	var TYPING_SHOW_MS = 8000;
	var POLL_MS = 3000;
	var STREAM_RETRY_MS = 30000;
	var STREAM_MAX_ERRORS = 3;
	var STATUS_REFRESH_MS = 60000;
	var EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
	var OPEN_STATUSES = {new: 1, open: 1, pending: 1, on_hold: 1};

	/* ---------------------------------------------------------------- storage ---- */
	/* Third-party storage can be blocked (Safari, strict Firefox): then the widget still works for
	 * this page view, it just does not resume after a reload. */
	var memoryStore = {};
	function storeGet(area, key) {
		try {
			var v = window[area].getItem(key);
			if (v !== null)
				return v;
		} catch (e) { /* blocked */ }
		return Object.prototype.hasOwnProperty.call(memoryStore, area + key) ? memoryStore[area + key] : null;
	}
	function storeSet(area, key, value) {
		memoryStore[area + key] = value;
		try {
			if (value === null)
				window[area].removeItem(key);
			else
				window[area].setItem(key, value);
		} catch (e) { /* blocked */ }
	}
	function storeJSON(area, key) {
		try {
			return JSON.parse(storeGet(area, key) || 'null');
		} catch (e) {
			return null;
		}
	}
	var K_SESSION = 'exdesk.session';
	var K_VISITOR = 'exdesk.visitor_id';
	var K_LANG = 'exdesk.lang';
	var K_CONV = 'exdesk.conversation';
	var K_CONTACT_SKIPPED = 'exdesk.contact_skipped';

	/* ------------------------------------------------------------------ state ---- */
	var hashParams = new URLSearchParams(location.hash.replace(/^#/, ''));
	var S = {
		embedded: window.parent !== window,
		parentOrigin: null,
		started: false,
		config: null,
		lang: 'en',
		token: null,
		customer: null,
		visitorId: null,
		verifyFailed: false,
		status: null,
		conversations: [],
		convId: null,
		view: 'loading',
		messages: {},          /* id -> message, current conversation only */
		elements: {},          /* id -> element */
		lastMessageId: 0,
		lastOtherId: 0,        /* newest message not written by the customer */
		lastReadPosted: 0,
		agentReadUpTo: 0,
		unreadConvs: {},
		lastEventId: '',
		es: null,
		esErrors: 0,
		streamDown: false,
		pollTimer: null,
		pollCount: 0,
		streamRetryTimer: null,
		open: window.parent === window,
		unread: 0,
		typingSentAt: 0,
		typingActive: false,
		typingHideTimer: null,
		csatRating: 0,
		csatState: null,       /* null | 'prompt' | 'done' */
		contactMode: null,     /* null | 'required' | 'optional' */
		pendingText: null,
		renewing: null
	};

	/* ---------------------------------------------------------------- helpers ---- */
	var $ = function (id) {
		return document.getElementById(id);
	};

	function t(key, vars) {
		return I18N.t(S.lang, key, vars);
	}

	/* Builds an element. Text goes in through textContent only. */
	function el(tag, attrs, children) {
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

	function fmtTime(iso) {
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
	function agentName(name) {
		var n = String(name || '').trim();
		return n || t('agent_fallback');
	}

	function ApiError(status, code, message, field) {
		this.status = status;
		this.code = code;
		this.message = message;
		this.field = field;
	}

	/* One JSON call. A 401 means the stored token is gone (expired, revoked, another desk): make
	 * a new session once and repeat the call. */
	function api(method, path, body, opt) {
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

	/* ------------------------------------------------------- parent messages ---- */
	function parentOriginGuess() {
		var o = hashParams.get('origin');
		if (o && /^https?:\/\/[^/]+$/.test(o))
			return o;
		return null;
	}

	function toParent(msg) {
		if (!S.embedded || !S.parentOrigin)
			return;
		msg.exdesk = 1;
		try {
			window.parent.postMessage(msg, S.parentOrigin);
		} catch (e) { /* parent navigated away */ }
	}

	window.addEventListener('message', function (ev) {
		if (!S.embedded || ev.source !== window.parent || !S.parentOrigin || ev.origin !== S.parentOrigin)
			return;
		var d = ev.data;
		if (!d || typeof d !== 'object' || d.exdesk !== 1)
			return;
		if (d.type === 'config') {
			if (typeof d.open === 'boolean')
				S.open = d.open;
			if (!S.started)
				start(sanitizeConfig(d.config));
		} else if (d.type === 'open') {
			S.open = true;
			onShown();
		} else if (d.type === 'close') {
			S.open = false;
			stopTyping();
		} else if (d.type === 'reset') {
			forget();
		}
	});

	function sanitizeConfig(c) {
		c = c && typeof c === 'object' ? c : {};
		var s = function (v, max) {
			return typeof v === 'string' ? v.trim().slice(0, max) : '';
		};
		return {
			lang: s(c.lang, 35),
			uid: s(c.uid, 128),
			userHash: s(c.userHash, 128),
			name: s(c.name, 200),
			email: s(c.email, 254)
		};
	}

	/* ------------------------------------------------------------------ i18n ---- */
	function chooseLang(config) {
		var chosen = storeGet('sessionStorage', K_LANG);
		if (chosen && I18N.LANGS.indexOf(chosen) >= 0)
			return chosen;
		var candidates = [];
		if (config.lang)
			candidates.push(config.lang);
		if (!config.lang || !I18N.normalize(config.lang))
			candidates = candidates.concat(navigator.languages || [navigator.language || '']);
		return I18N.pick(candidates);
	}

	function applyLang() {
		document.documentElement.lang = S.lang;
		document.title = t('frame_title');
		Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (n) {
			n.textContent = t(n.getAttribute('data-i18n'));
		});
		Array.prototype.forEach.call(document.querySelectorAll('[data-i18n-placeholder]'), function (n) {
			n.setAttribute('placeholder', t(n.getAttribute('data-i18n-placeholder')));
		});
		Array.prototype.forEach.call(document.querySelectorAll('[data-i18n-aria-label]'), function (n) {
			n.setAttribute('aria-label', t(n.getAttribute('data-i18n-aria-label')));
		});
		Array.prototype.forEach.call(document.querySelectorAll('[data-i18n-title]'), function (n) {
			n.setAttribute('title', t(n.getAttribute('data-i18n-title')));
		});
		Array.prototype.forEach.call(document.querySelectorAll('.star'), function (n) {
			n.setAttribute('aria-label', t('csat_star', {n: n.getAttribute('data-rating')}));
		});
		var sel = $('lang');
		if (sel.value !== S.lang)
			sel.value = S.lang;
		renderStatus();
		renderSubtitle();
		renderContact();
		showNotice(noticeKey);
		renderTyping(null);
		renderReadMarker();
		renderCsatDone();
		if (S.view === 'list')
			renderList();
		Object.keys(S.elements).forEach(function (id) {
			refreshMessageText(S.elements[id], S.messages[id]);
		});
		toParent({type: 'lang', lang: S.lang, label: t('open_launcher'), title: t('frame_title')});
	}

	function buildLangSelect() {
		var sel = $('lang');
		I18N.LANGS.forEach(function (code) {
			sel.appendChild(el('option', {value: code, lang: code, text: I18N.NAMES[code]}));
		});
		sel.addEventListener('change', function () {
			clearError();
			S.lang = sel.value;
			storeSet('sessionStorage', K_LANG, S.lang);
			applyLang();
			if (S.token)
				api('PATCH', '/widget/session', {language: S.lang}).then(updateCustomer).catch(function () {});
		});
	}

	/* ---------------------------------------------------------------- notices ---- */
	var retryAction = null;
	function showError(text, retry) {
		$('error-text').textContent = text;
		retryAction = retry || null;
		$('error-retry').hidden = !retry;
		$('error').hidden = false;
	}
	function clearError() {
		$('error').hidden = true;
		retryAction = null;
	}
	function errorText(e, fallbackKey) {
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
	var noticeKey = null;
	function showNotice(key) {
		noticeKey = key || null;
		var n = $('notice');
		n.textContent = key ? t(key) : '';
		n.hidden = !key;
	}

	/* ----------------------------------------------------------------- status ---- */
	function loadStatus() {
		return api('GET', '/widget/status').then(function (st) {
			S.status = st;
			renderStatus();
			renderSubtitle();
			renderContact();
		}).catch(function () { /* keep what we had */ });
	}

	function renderStatus() {
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

	function currentConv() {
		for (var i = 0; i < S.conversations.length; i++)
			if (S.conversations[i].id === S.convId)
				return S.conversations[i];
		return null;
	}

	function renderSubtitle() {
		var text = '';
		var online = !!(S.status && S.status.online);
		var conv = S.view === 'conversation' ? currentConv() : null;
		if (conv && conv.number)
			text = t('ticket_number', {number: conv.number}) + ' · ' + t('status_' + conv.status);
		else if (S.status)
			text = online ? t('online') : t('offline_status');
		$('subtitle-text').textContent = text;
		$('presence-dot').classList.toggle('is-online', online);
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

	function ensureSession() {
		var stored = storeJSON('sessionStorage', K_SESSION) || storeJSON('localStorage', K_SESSION);
		var wantUid = isVerifiedConfig() ? S.config.uid : '';
		if (stored && stored.token && (stored.uid || '') === wantUid) {
			S.token = stored.token;
			S.customer = stored.customer || null;
			return Promise.resolve();
		}
		return createSession();
	}

	function renewSession() {
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

	function updateCustomer(r) {
		if (r && r.customer) {
			S.customer = r.customer;
			saveSession();
		}
	}

	/* The exchange's user logged out (exdeskWidget.reset()): drop the session, the visitor id and
	 * the open conversation, so the next person at this computer starts from nothing. */
	function forget() {
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

	/* ----------------------------------------------------------------- start ---- */
	function start(config) {
		if (S.started)
			return;
		S.started = true;
		S.config = config;
		S.lang = chooseLang(config);
		S.visitorId = storeGet('localStorage', K_VISITOR);
		applyLang();
		boot();
	}

	function boot() {
		clearError();
		showView('loading');
		var statusDone = loadStatus();
		ensureSession()
			.then(function () {
				return loadConversations();
			})
			.then(function () {
				openStream();
				return statusDone;
			})
			.then(chooseFirstView)
			.catch(function (e) {
				showView('loading');
				showError(errorText(e, 'unavailable'), boot);
			});
		if (!S.statusTimer)
			S.statusTimer = setInterval(loadStatus, STATUS_REFRESH_MS);
	}

	function chooseFirstView() {
		var saved = Number(storeGet('sessionStorage', K_CONV) || 0);
		var byId = function (id) {
			return S.conversations.filter(function (c) {
				return c.id === id;
			})[0];
		};
		if (saved && byId(saved))
			return openConversation(saved);
		if (S.customer && S.customer.verified && S.conversations.length)
			return showList();
		var active = S.conversations.filter(function (c) {
			return OPEN_STATUSES[c.status];
		})[0];
		if (active)
			return openConversation(active.id);
		if (S.conversations.length)
			return showList();
		newConversation();
	}

	function loadConversations() {
		return api('GET', '/widget/conversations').then(function (r) {
			var before = {};
			S.conversations.forEach(function (c) {
				before[c.id] = c.status;
			});
			S.conversations = (r && r.conversations) || [];
			var cur = currentConv();
			if (cur && before[cur.id] && before[cur.id] !== cur.status)
				onStatusChange(cur);
			if (S.view === 'list')
				renderList();
			renderSubtitle();
			toParent({type: 'active', active: S.conversations.length > 0});
		});
	}

	/* ----------------------------------------------------------------- views ---- */
	function showView(v) {
		S.view = v;
		$('view-loading').hidden = v !== 'loading';
		$('view-list').hidden = v !== 'list';
		$('view-conv').hidden = v !== 'conversation';
		$('composer').hidden = v !== 'conversation';
		$('back').hidden = !(v === 'conversation' && S.conversations.length > 0);
		renderSubtitle();
	}

	function showList() {
		stopTyping();
		S.convId = null;
		storeSet('sessionStorage', K_CONV, null);
		showView('list');
		renderList();
		if (S.open)
			$('new-conv').focus();
	}

	function renderList() {
		var ul = $('conv-list');
		ul.textContent = '';
		S.conversations.forEach(function (c) {
			var subject = el('span', {text: c.subject || c.number || ''});
			var head = el('span', {className: 'conv-subject'}, [subject]);
			if (S.unreadConvs[c.id])
				head.insertBefore(el('span', {className: 'unread-dot', role: 'img', 'aria-label': t('unread')}), subject);
			var meta = el('span', {className: 'conv-meta'}, [
				el('span', {text: c.number || ''}),
				el('span', {className: 'conv-status st-' + c.status, text: t('status_' + c.status)}),
				el('span', {text: fmtTime(c.updated_at)})
			]);
			var btn = el('button', {type: 'button', className: 'conv-item', 'data-testid': 'conversation', 'data-id': c.id,
				'data-status': c.status}, [head, meta]);
			btn.addEventListener('click', function () {
				openConversation(c.id);
			});
			ul.appendChild(el('li', null, [btn]));
		});
		$('conv-empty').hidden = S.conversations.length > 0;
	}

	/* The optional offer sits in the timeline where it was made (later messages go below it);
	 * the required form (offline, before the first message) sits under the greeting. */
	function placeContact(inTimeline) {
		var form = $('contact');
		if (inTimeline)
			$('messages').appendChild(form);
		else if (form.parentNode !== $('log'))
			$('log').insertBefore(form, $('csat'));
	}

	function resetConversation() {
		placeContact(false);
		stopTyping();
		S.messages = {};
		S.elements = {};
		S.lastMessageId = 0;
		S.lastOtherId = 0;
		S.lastReadPosted = 0;
		S.agentReadUpTo = 0;
		S.csatState = null;
		S.csatRating = 0;
		$('messages').textContent = '';
		$('csat').hidden = true;
		hideTyping();
		S.contactMode = null;
		renderContact();
	}

	function newConversation() {
		resetConversation();
		S.convId = null;
		storeSet('sessionStorage', K_CONV, null);
		showView('conversation');
		renderContact();
		focusComposer();
	}

	function openConversation(id) {
		resetConversation();
		S.convId = id;
		delete S.unreadConvs[id];
		storeSet('sessionStorage', K_CONV, String(id));
		showView('conversation');
		return api('GET', '/widget/conversations/' + id + '/messages').then(function (r) {
			if (S.convId !== id)
				return;
			if (r && r.conversation)
				mergeConversation(r.conversation);
			((r && r.messages) || []).forEach(function (m) {
				addMessage(m, false);
			});
			/* not in docs/chat.md, but the server tells how far an agent has read */
			if (r && Number(r.agent_read_up_to) > S.agentReadUpTo) {
				S.agentReadUpTo = Number(r.agent_read_up_to);
				renderReadMarker();
			}
			var conv = currentConv();
			if (conv && (conv.status === 'solved' || conv.status === 'closed') && !conv.csat)
				showCsat();
			scrollToBottom(true);
			maybeMarkRead();
			focusComposer();
			toParent({type: 'active', active: true});
		}, function (e) {
			if (e.status === 404) {
				S.conversations = S.conversations.filter(function (c) {
					return c.id !== id;
				});
				return chooseFirstView();
			}
			showError(errorText(e, 'unavailable'), function () {
				openConversation(id);
			});
		});
	}

	/* Fresh facts about one conversation (from a message list or a ticket event). */
	function mergeConversation(c) {
		var conv = null;
		S.conversations.forEach(function (x) {
			if (x.id === c.id)
				conv = x;
		});
		if (!conv)
			return null;
		['number', 'subject', 'updated_at', 'agent_name'].forEach(function (k) {
			if (c[k] !== undefined && c[k] !== null)
				conv[k] = c[k];
		});
		if (c.csat !== undefined && c.csat !== null)
			conv.csat = c.csat;
		var changed = !!c.status && c.status !== conv.status;
		if (c.status)
			conv.status = c.status;
		return {conv: conv, changed: changed};
	}

	function focusComposer() {
		if (!S.open)
			return;
		var input = $('input');
		if (S.contactMode === 'required' && !$('contact-email').value)
			$('contact-email').focus();
		else if (!input.disabled)
			input.focus();
	}

	/* Called when the widget becomes visible (opened, or its tab shown again). */
	function onShown() {
		clearUnread();
		maybeMarkRead();
		if (S.view === 'conversation') {
			scrollToBottom(true);
			focusComposer();
		} else if (S.view === 'list') {
			$('new-conv').focus();
		}
	}

	function visible() {
		return S.open && !document.hidden;
	}

	/* -------------------------------------------------------------- messages ---- */
	function attachmentsOf(m) {
		if (Array.isArray(m.attachments))
			return m.attachments;
		if (m.attachment && typeof m.attachment === 'object')
			return [m.attachment];
		return [];
	}

	function fileUrl(a) {
		return API + '/attachments/' + encodeURIComponent(a.id) + '?token=' + encodeURIComponent(S.token || '');
	}

	/* A document icon drawn here: an emoji may have no glyph on the customer's system. */
	function fileIcon() {
		var ns = 'http://www.w3.org/2000/svg';
		var svg = document.createElementNS(ns, 'svg');
		svg.setAttribute('viewBox', '0 0 24 24');
		svg.setAttribute('width', '18');
		svg.setAttribute('height', '18');
		svg.setAttribute('aria-hidden', 'true');
		svg.setAttribute('focusable', 'false');
		var path = document.createElementNS(ns, 'path');
		path.setAttribute('d', 'M14 3H7a2 2 0 00-2 2v14a2 2 0 002 2h10a2 2 0 002-2V8zM14 3v5h5M9 13h6M9 17h6');
		path.setAttribute('fill', 'none');
		path.setAttribute('stroke', 'currentColor');
		path.setAttribute('stroke-width', '1.8');
		path.setAttribute('stroke-linejoin', 'round');
		svg.appendChild(path);
		return svg;
	}

	function renderFiles(m) {
		var atts = attachmentsOf(m);
		if (!atts.length)
			return null;
		var box = el('div', {className: 'files'});
		atts.forEach(function (a) {
			var name = a.filename || a.name || t('attachment');
			var type = a.content_type || a.type || '';
			var url = fileUrl(a);
			if (/^image\/(png|jpeg|gif|webp)$/.test(type)) {
				var img = el('img', {className: 'thumb', src: url, alt: name, loading: 'lazy', 'data-testid': 'thumbnail'});
				img.addEventListener('load', function () {
					scrollToBottom(false);
				});
				box.appendChild(el('a', {className: 'thumb-link', href: url, target: '_blank', rel: 'noopener noreferrer',
					title: name}, [img]));
			} else {
				box.appendChild(el('a', {className: 'file-link', href: url, target: '_blank', rel: 'noopener noreferrer',
					download: name, 'data-testid': 'file', title: t('download', {name: name})}, [fileIcon(), name]));
			}
		});
		return box;
	}

	function messageElement(m, pending) {
		var kind = m.kind === 'reply' || m.kind === 'system' ? m.kind : 'customer';
		var node = el('div', {className: 'msg msg-' + kind + (pending ? ' is-pending' : ''), 'data-testid': 'message',
			'data-kind': kind, 'data-id': m.id || ''});
		if (kind === 'reply')
			node.appendChild(el('div', {className: 'msg-author', text: (m.author && m.author.name) || t('agent_fallback')}));
		var bubble = el('div', {className: 'bubble'});
		var atts = attachmentsOf(m);
		var body = m.body || '';
		/* An attachment message whose body only repeats the file name shows just the file. */
		if (body && !(atts.length === 1 && body === (atts[0].filename || atts[0].name)))
			bubble.appendChild(el('div', {className: 'msg-body', text: body}));
		var files = renderFiles(m);
		if (files) {
			bubble.appendChild(files);
			if (!bubble.querySelector('.msg-body') && !atts.some(function (a) {
				return !/^image\//.test(a.content_type || '');
			}))
				bubble.classList.add('files-only');
		}
		node.appendChild(bubble);
		if (kind !== 'system')
			node.appendChild(el('div', {className: 'msg-meta'}, [el('time', {datetime: m.created_at || null,
				text: m.created_at ? fmtTime(m.created_at) : ''})]));
		return node;
	}

	function refreshMessageText(node, m) {
		if (!node || !m)
			return;
		var time = node.querySelector('time');
		if (time && m.created_at)
			time.textContent = fmtTime(m.created_at);
		var author = node.querySelector('.msg-author');
		if (author && !(m.author && m.author.name))
			author.textContent = t('agent_fallback');
	}

	/* Inserts by id so a late or replayed item lands in its place. Returns true when new. */
	function addMessage(m, live) {
		if (!m || !m.id || m.kind === 'note')
			return false;
		if (S.messages[m.id])
			return false;
		var log = $('log');
		var nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
		S.messages[m.id] = m;
		var node = null;
		if (m.kind === 'customer' || (m.author && m.author.type === 'customer'))
			node = claimPending(m);
		var fresh = messageElement(m, false);
		if (node)
			node.parentNode.replaceChild(fresh, node); /* our own bubble keeps its place */
		else
			$('messages').insertBefore(fresh, insertionPoint(m.id));
		node = fresh;
		S.elements[m.id] = node;
		if (m.id > S.lastMessageId)
			S.lastMessageId = m.id;
		var fromCustomer = m.kind === 'customer';
		if (!fromCustomer && m.id > S.lastOtherId)
			S.lastOtherId = m.id;
		if (m.kind === 'reply') {
			hideTyping();
			if (live)
				agentMessageArrived();
		}
		renderReadMarker();
		scrollToBottom(nearBottom || fromCustomer);
		maybeMarkRead();
		return true;
	}

	/* The node a message with this id goes before: the first newer server message or the first
	 * bubble still on its way. Local notes stay where they were written. */
	function insertionPoint(id) {
		for (var c = $('messages').firstChild; c; c = c.nextSibling) {
			if (c.classList.contains('is-pending'))
				return c;
			var cid = Number(c.getAttribute('data-id'));
			if (cid && cid > id)
				return c;
		}
		return null;
	}

	/* Our own optimistic bubble for this text, if one is waiting: it becomes the real message
	 * instead of showing the text twice. */
	function claimPending(m) {
		var list = $('messages');
		for (var c = list.firstChild; c; c = c.nextSibling)
			if (c.classList.contains('is-pending') && c.getAttribute('data-pending-body') === (m.body || ''))
				return c;
		return null;
	}

	function addPending(text) {
		var node = messageElement({kind: 'customer', body: text}, true);
		node.setAttribute('data-pending-body', text);
		$('messages').appendChild(node);
		scrollToBottom(true);
		return node;
	}

	function addLocalNote(text) {
		var node = el('div', {className: 'msg msg-system msg-local', 'data-testid': 'local-note'}, [
			el('div', {className: 'bubble', text: text})]);
		$('messages').appendChild(node);
		scrollToBottom(true);
	}

	function scrollToBottom(force) {
		var log = $('log');
		if (force || log.scrollHeight - log.scrollTop - log.clientHeight < 120)
			log.scrollTop = log.scrollHeight;
	}

	/* The "Read" marker sits under the customer's newest message once an agent has read it. */
	function renderReadMarker() {
		var marker = $('read-marker');
		if (!marker) {
			marker = el('div', {id: 'read-marker', className: 'read-marker', 'data-testid': 'read-marker'});
		}
		marker.textContent = t('read');
		var last = null;
		var nodes = $('messages').querySelectorAll('.msg-customer');
		for (var i = nodes.length - 1; i >= 0; i--) {
			if (nodes[i].classList.contains('is-pending'))
				break; /* a newer message is on its way: nothing shown is "last" yet */
			last = nodes[i];
			break;
		}
		var lastId = last ? Number(last.getAttribute('data-id')) : 0;
		if (last && lastId && lastId <= S.agentReadUpTo) {
			if (marker.parentNode !== last)
				last.appendChild(marker);
		} else if (marker.parentNode) {
			marker.parentNode.removeChild(marker);
		}
	}

	/* ------------------------------------------------------------ sending ---- */
	function needsContactFirst() {
		return !S.convId && S.status && S.status.online === false && !hasContact();
	}

	function hasContact() {
		return !!(S.customer && (S.customer.verified || S.customer.email));
	}

	function sendText(text) {
		text = String(text || '').replace(/^\s+|\s+$/g, '');
		if (!text)
			return Promise.resolve(false);
		clearError();
		if (needsContactFirst()) {
			S.contactMode = 'required';
			renderContact();
			return saveContact(true).then(function (ok) {
				if (!ok) {
					S.pendingText = text;
					return false;
				}
				return postText(text);
			});
		}
		return postText(text);
	}

	function postText(text) {
		/* A second send while the first one is still opening the chat waits for it: one chat,
		 * not two tickets. */
		if (!S.convId && S.creating)
			return S.creating.then(function () {
				return postText(text);
			});
		var pending = addPending(text);
		var creating = !S.convId;
		var req = creating ?
			api('POST', '/widget/conversations', {body: text}) :
			api('POST', '/widget/conversations/' + S.convId + '/messages', {body: text});
		var done = req.then(function (r) {
			if (creating)
				adoptConversation(r.conversation, r.message);
			else if (r.message && r.message.ticket_id && r.message.ticket_id !== S.convId) {
				/* written on a closed chat: the desk opened a follow-up ticket for it */
				switchToFollowUp(r.message.ticket_id);
			}
			if (r.message && !S.messages[r.message.id])
				addMessage(r.message, false);
			if (pending.parentNode && pending.classList.contains('is-pending'))
				pending.parentNode.removeChild(pending);
			if (creating) {
				if (r.offline)
					addLocalNote(t('offline_received', {number: (r.conversation && r.conversation.number) || ''}));
				offerContact();
			}
			catchUp();
			return true;
		}, function (e) {
			if (pending.parentNode)
				pending.parentNode.removeChild(pending);
			var input = $('input');
			if (!input.value)
				input.value = text;
			autoGrow();
			showError(errorText(e, 'send_failed'));
			return false;
		});
		if (creating) {
			S.creating = done;
			done.then(function () {
				S.creating = null;
			});
		}
		return done;
	}

	function adoptConversation(conv, message) {
		if (!conv)
			conv = {id: message.ticket_id};
		S.convId = conv.id;
		storeSet('sessionStorage', K_CONV, String(conv.id));
		if (!currentConv())
			S.conversations.unshift({id: conv.id, number: conv.number, subject: conv.subject,
				status: conv.status || 'new', updated_at: conv.updated_at, csat: null});
		$('back').hidden = false;
		renderSubtitle();
		toParent({type: 'active', active: true});
	}

	function switchToFollowUp(ticketId) {
		var keep = S.conversations;
		resetConversation();
		S.conversations = keep;
		S.convId = ticketId;
		storeSet('sessionStorage', K_CONV, String(ticketId));
		loadConversations().catch(function () {});
	}

	/* Fetches what may have slipped between a POST and the stream (the stream is the main path;
	 * ids make the overlap harmless). */
	function catchUp() {
		if (!S.convId)
			return Promise.resolve();
		var id = S.convId;
		return api('GET', '/widget/conversations/' + id + '/messages?after=' + S.lastMessageId).then(function (r) {
			if (S.convId !== id)
				return;
			((r && r.messages) || []).forEach(function (m) {
				addMessage(m, true);
			});
		}).catch(function () {});
	}

	function uploadFile(file) {
		clearError();
		if (!file)
			return;
		if (file.size > MAX_ATTACHMENT) {
			/* The server would say 413, but only after cutting the upload off mid-way, which the
			 * browser reports as a network error: say it before sending. */
			showError(t('too_large'));
			return;
		}
		var ready = S.convId ? Promise.resolve(true) : sendText(t('sending_file', {name: file.name}));
		ready.then(function (ok) {
			if (!ok || !S.convId)
				return;
			var note = addPending(t('uploading', {name: file.name}));
			note.removeAttribute('data-testid');
			note.setAttribute('data-testid', 'upload-pending');
			note.removeAttribute('data-pending-body');
			/* headers are ASCII: the name goes percent-encoded (UTF-8), the server decodes it */
			var filename = encodeURIComponent(file.name || 'attachment');
			return api('POST', '/widget/conversations/' + S.convId + '/attachments', null,
				{file: file, contentType: file.type || 'application/octet-stream', filename: filename})
				.then(function (r) {
					note.parentNode && note.parentNode.removeChild(note);
					if (r && r.message)
						addMessage(r.message, false);
				}, function (e) {
					note.parentNode && note.parentNode.removeChild(note);
					showError(e.status === 413 || e.status === 415 ? errorText(e) : errorText(e, 'upload_failed'));
				});
		});
	}

	/* ------------------------------------------------------------- contact ---- */
	function offerContact() {
		if (hasContact() || S.contactMode)
			return;
		if (storeGet('localStorage', K_CONTACT_SKIPPED))
			return;
		S.contactMode = 'optional';
		placeContact(true);
		renderContact();
	}

	function renderContact() {
		var form = $('contact');
		if (S.view === 'conversation' && !S.convId && !S.contactMode && needsContactFirst())
			S.contactMode = 'required';
		if (S.contactMode === 'required' && hasContact())
			S.contactMode = null;
		if (!S.contactMode) {
			form.hidden = true;
			return;
		}
		$('contact-text').textContent = S.contactMode === 'required' ? t('contact_offline') : t('contact_online');
		$('contact-skip').hidden = S.contactMode === 'required';
		$('contact-email').required = S.contactMode === 'required';
		if (!$('contact-name').value && S.customer && S.customer.name)
			$('contact-name').value = S.customer.name;
		form.hidden = false;
	}

	function contactError(text) {
		var p = $('contact-error');
		p.textContent = text || '';
		p.hidden = !text;
		$('contact-email').setAttribute('aria-invalid', text ? 'true' : 'false');
		if (text)
			$('contact-email').focus();
	}

	/* Sends the name/email form. Resolves true when the customer can now be reached. */
	function saveContact(required) {
		var name = $('contact-name').value.trim();
		var email = $('contact-email').value.trim();
		contactError('');
		if (!email && required) {
			contactError(t('email_required'));
			return Promise.resolve(false);
		}
		if (email && !EMAIL_RE.test(email)) {
			contactError(t('email_invalid'));
			return Promise.resolve(false);
		}
		if (!email && !name)
			return Promise.resolve(!required);
		var body = {};
		if (name)
			body.name = name;
		if (email)
			body.email = email;
		return api('PATCH', '/widget/session', body).then(function (r) {
			updateCustomer(r);
			if (email && S.customer && !S.customer.email)
				S.customer.email = email;
			S.contactMode = null;
			renderContact();
			if (email)
				addLocalNote(t('contact_saved', {email: email}));
			return true;
		}, function (e) {
			if (e.status === 422 && /(^|\.)email$/.test(e.field || ''))
				contactError(t('email_invalid'));
			else
				contactError(errorText(e, 'send_failed'));
			return false;
		});
	}

	/* ---------------------------------------------------------------- typing ---- */
	function onInputTyping() {
		var input = $('input');
		autoGrow();
		if (!S.convId)
			return;
		if (!input.value.trim()) {
			stopTyping();
			return;
		}
		var now = Date.now();
		if (now - S.typingSentAt < TYPING_THROTTLE_MS)
			return;
		S.typingSentAt = now;
		S.typingActive = true;
		api('POST', '/widget/conversations/' + S.convId + '/typing', {typing: true}).catch(function () {});
	}

	function stopTyping() {
		if (!S.typingActive || !S.convId) {
			S.typingActive = false;
			return;
		}
		S.typingActive = false;
		S.typingSentAt = 0;
		api('POST', '/widget/conversations/' + S.convId + '/typing', {typing: false}).catch(function () {});
	}

	var typingWho = null;
	function renderTyping(who) {
		if (who !== null)
			typingWho = who;
		var box = $('typing');
		if (!typingWho) {
			box.hidden = true;
			return;
		}
		$('typing-text').textContent = t('typing', {name: agentName(typingWho.name)});
		box.hidden = false;
	}

	function hideTyping() {
		clearTimeout(S.typingHideTimer);
		typingWho = null;
		renderTyping(null);
	}

	function onAgentTyping(d) {
		if (d.ticket_id !== S.convId || !d.who || d.who.type !== 'agent')
			return;
		clearTimeout(S.typingHideTimer);
		if (d.typing) {
			renderTyping(d.who);
			scrollToBottom(false);
			/* typing is not replayed: if the "false" is lost, stop showing it after a while */
			S.typingHideTimer = setTimeout(hideTyping, TYPING_SHOW_MS);
		} else {
			hideTyping();
		}
	}

	function autoGrow() {
		var input = $('input');
		input.style.height = 'auto';
		input.style.height = Math.min(input.scrollHeight + 2, 140) + 'px';
	}

	/* ---------------------------------------------------------- read / unread ---- */
	function maybeMarkRead() {
		if (!visible() || S.view !== 'conversation' || !S.convId)
			return;
		if (S.lastOtherId <= S.lastReadPosted)
			return;
		var upTo = S.lastMessageId;
		S.lastReadPosted = upTo;
		api('POST', '/widget/conversations/' + S.convId + '/read', {message_id: upTo}).catch(function () {
			S.lastReadPosted = 0;
		});
	}

	function agentMessageArrived() {
		if (visible()) {
			maybeMarkRead();
			return;
		}
		S.unread += 1;
		var title = t('new_message_title', {n: S.unread});
		if (S.embedded) {
			toParent({type: 'notify', unread: S.unread, title: title, sound: true});
		} else {
			flashOwnTitle(title);
		}
	}

	function clearUnread() {
		if (!visible())
			return;
		if (S.unread) {
			S.unread = 0;
			toParent({type: 'unread', unread: 0});
		}
		stopOwnTitle();
	}

	/* Standalone (frame.html opened as a page): flash our own title. */
	var ownTitleTimer = null;
	function flashOwnTitle(text) {
		stopOwnTitle();
		var on = true;
		document.title = text;
		ownTitleTimer = setInterval(function () {
			on = !on;
			document.title = on ? text : t('frame_title');
		}, 1000);
	}
	function stopOwnTitle() {
		if (ownTitleTimer) {
			clearInterval(ownTitleTimer);
			ownTitleTimer = null;
			document.title = t('frame_title');
		}
	}

	document.addEventListener('visibilitychange', function () {
		if (!document.hidden)
			onShown();
		else
			stopTyping();
	});

	/* ---------------------------------------------------------------- rating ---- */
	function onStatusChange(conv) {
		renderSubtitle();
		if (conv.id !== S.convId)
			return;
		if ((conv.status === 'solved' || conv.status === 'closed') && !conv.csat) {
			if (conv.status === 'solved' && S.csatState !== 'prompt' && S.csatState !== 'done')
				addLocalNote(t('solved_note'));
			showCsat();
		} else if (OPEN_STATUSES[conv.status] && S.csatState === 'prompt') {
			$('csat').hidden = true;
			S.csatState = null;
		}
	}

	function showCsat() {
		if (S.csatState === 'done')
			return;
		S.csatState = 'prompt';
		$('csat-form').hidden = false;
		$('csat-done').hidden = true;
		$('csat').hidden = false;
		setRating(S.csatRating);
		scrollToBottom(true);
	}

	function setRating(n) {
		S.csatRating = n;
		Array.prototype.forEach.call(document.querySelectorAll('.star'), function (b) {
			var r = Number(b.getAttribute('data-rating'));
			b.classList.toggle('is-on', r <= n);
			b.setAttribute('aria-pressed', r === n ? 'true' : 'false');
		});
		$('csat-submit').disabled = !n;
	}

	var csatDoneKey = null;
	function renderCsatDone() {
		if (csatDoneKey)
			$('csat-done').textContent = t(csatDoneKey);
	}

	function csatFinished(key, rating) {
		S.csatState = 'done';
		csatDoneKey = key;
		renderCsatDone();
		$('csat-form').hidden = true;
		$('csat-done').hidden = false;
		var conv = currentConv();
		if (conv)
			conv.csat = conv.csat || {rating: rating};
	}

	function submitCsat() {
		if (!S.csatRating || !S.convId)
			return;
		var body = {rating: S.csatRating};
		var comment = $('csat-comment').value.trim();
		if (comment)
			body.comment = comment;
		$('csat-submit').disabled = true;
		clearError();
		api('POST', '/widget/conversations/' + S.convId + '/csat', body).then(function () {
			csatFinished('csat_thanks', body.rating);
		}, function (e) {
			if (e.status === 409) {
				/* 409 is both "already rated" and "no longer solved" (an agent reopened it):
				 * ask the list which one. */
				var id = S.convId;
				loadConversations().then(function () {
					var conv = currentConv();
					if (S.convId !== id)
						return;
					if (conv && !conv.csat && OPEN_STATUSES[conv.status]) {
						$('csat').hidden = true;
						S.csatState = null;
					} else {
						csatFinished('csat_already', body.rating);
					}
				}, function () {
					csatFinished('csat_already', body.rating);
				});
				return;
			}
			$('csat-submit').disabled = false;
			showError(errorText(e, 'send_failed'));
		});
	}

	/* ---------------------------------------------------------------- stream ---- */
	function closeStream() {
		if (S.es) {
			S.es.close();
			S.es = null;
		}
	}

	function openStream() {
		closeStream();
		clearTimeout(S.streamRetryTimer);
		if (!S.token || typeof EventSource === 'undefined') {
			startPolling();
			return;
		}
		var url = API + '/widget/stream?token=' + encodeURIComponent(S.token);
		if (S.lastEventId)
			url += '&since=' + encodeURIComponent(S.lastEventId);
		var es = new EventSource(url);
		S.es = es;
		S.esErrors = 0;
		es.onopen = function () {
			if (S.es !== es)
				return;
			S.esErrors = 0;
			stopPolling();
			if (S.streamDown) {
				S.streamDown = false;
				catchUp();
				loadConversations().catch(function () {});
			}
		};
		es.onerror = function () {
			if (S.es !== es)
				return;
			S.esErrors += 1;
			S.streamDown = true;
			if (es.readyState === 2 || S.esErrors >= STREAM_MAX_ERRORS) {
				/* The browser gave up (a non-stream answer) or keeps failing: poll, and try the
				 * stream again later from the last event we saw. */
				closeStream();
				startPolling();
				S.streamRetryTimer = setTimeout(openStream, STREAM_RETRY_MS);
			}
		};
		var on = function (name, fn) {
			es.addEventListener(name, function (ev) {
				if (S.es !== es)
					return;
				if (ev.lastEventId)
					S.lastEventId = ev.lastEventId;
				var d;
				try {
					d = JSON.parse(ev.data);
				} catch (e) {
					return;
				}
				if (d && typeof d === 'object')
					fn(d);
			});
		};
		on('message', onStreamMessage);
		on('ticket', onStreamTicket);
		on('typing', onAgentTyping);
		on('read', onStreamRead);
	}

	function onStreamMessage(d) {
		var m = d.message;
		if (!m)
			return;
		var tid = d.ticket_id || m.ticket_id;
		if (!m.ticket_id)
			m.ticket_id = tid;
		if (tid === S.convId) {
			addMessage(m, true);
			return;
		}
		if (m.kind === 'reply') {
			S.unreadConvs[tid] = true;
			agentMessageArrived();
		}
		var known = S.conversations.some(function (c) {
			return c.id === tid;
		});
		if (!known || S.view === 'list')
			loadConversations().catch(function () {});
	}

	function onStreamTicket(d) {
		var tk = d.ticket;
		if (!tk || !tk.id)
			return;
		var m = mergeConversation(tk);
		if (!m) {
			loadConversations().catch(function () {});
			return;
		}
		if (S.view === 'list')
			renderList();
		if (m.changed)
			onStatusChange(m.conv);
		else
			renderSubtitle();
	}

	function onStreamRead(d) {
		if (d.by !== 'agent' || d.ticket_id !== S.convId)
			return;
		var id = Number(d.message_id) || 0;
		if (id > S.agentReadUpTo) {
			S.agentReadUpTo = id;
			renderReadMarker();
		}
	}

	function startPolling() {
		if (S.pollTimer)
			return;
		S.pollCount = 0;
		S.pollTimer = setInterval(pollOnce, POLL_MS);
	}

	function stopPolling() {
		clearInterval(S.pollTimer);
		S.pollTimer = null;
	}

	/* Without the stream: new messages of the open chat, and the list, which carries the
	 * statuses (solved -> the rating prompt). */
	function pollOnce() {
		S.pollCount += 1;
		catchUp();
		loadConversations().catch(function () {});
	}

	/* ------------------------------------------------------------ wiring ---- */
	function wire() {
		buildLangSelect();
		var input = $('input');
		$('composer').addEventListener('submit', function (ev) {
			ev.preventDefault();
			var text = input.value;
			if (!text.trim())
				return;
			input.value = '';
			autoGrow();
			stopTyping();
			sendText(text).then(function (ok) {
				if (ok === false && S.pendingText === text && !input.value)
					input.value = text;
			});
		});
		input.addEventListener('keydown', function (ev) {
			/* Enter sends; Shift+Enter is a new line; Enter that confirms an IME candidate
			 * (Chinese, Japanese, Korean input) is neither. */
			if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {
				ev.preventDefault();
				$('composer').requestSubmit ? $('composer').requestSubmit() :
					$('composer').dispatchEvent(new Event('submit', {cancelable: true}));
			}
		});
		input.addEventListener('input', onInputTyping);
		input.addEventListener('blur', stopTyping);

		$('attach-btn').addEventListener('click', function () {
			$('attach').click();
		});
		$('attach').addEventListener('change', function () {
			var f = $('attach').files && $('attach').files[0];
			$('attach').value = '';
			if (f)
				uploadFile(f);
		});

		$('human').addEventListener('click', function () {
			if (S.view !== 'conversation') {
				if (!S.token)
					return;
				newConversation();
			}
			sendText(t('human_text'));
		});

		$('back').addEventListener('click', function () {
			loadConversations().catch(function () {});
			showList();
		});
		$('new-conv').addEventListener('click', newConversation);
		$('close').addEventListener('click', function () {
			toParent({type: 'close'});
		});
		document.addEventListener('keydown', function (ev) {
			if (ev.key === 'Escape' && S.embedded) {
				ev.preventDefault();
				stopTyping();
				toParent({type: 'close'});
			}
		});

		$('contact').addEventListener('submit', function (ev) {
			ev.preventDefault();
			var required = S.contactMode === 'required';
			saveContact(required).then(function (ok) {
				if (ok && S.pendingText) {
					var text = S.pendingText;
					S.pendingText = null;
					if ($('input').value === text)
						$('input').value = '';
					postText(text);
				}
				if (ok)
					focusComposer();
			});
		});
		$('contact-skip').addEventListener('click', function () {
			storeSet('localStorage', K_CONTACT_SKIPPED, '1');
			S.contactMode = null;
			renderContact();
			focusComposer();
		});

		Array.prototype.forEach.call(document.querySelectorAll('.star'), function (b) {
			b.addEventListener('click', function () {
				setRating(Number(b.getAttribute('data-rating')));
			});
		});
		$('csat-submit').addEventListener('click', submitCsat);
		$('error-retry').addEventListener('click', function () {
			var fn = retryAction;
			clearError();
			if (fn)
				fn();
		});
	}

	function init() {
		wire();
		if (!S.embedded) {
			/* Opened on its own (a direct link, or tests): configuration from the query string. */
			document.body.classList.add('standalone');
			$('close').hidden = true;
			var q = new URLSearchParams(location.search);
			start(sanitizeConfig({lang: q.get('lang') || '', uid: q.get('uid') || '', userHash: q.get('hash') || q.get('user_hash') || '',
				name: q.get('name') || '', email: q.get('email') || ''}));
			return;
		}
		S.parentOrigin = parentOriginGuess();
		if (!S.parentOrigin) {
			/* No origin to trust: talk to nobody, run as an anonymous visitor. */
			start(sanitizeConfig({}));
			return;
		}
		toParent({type: 'ready'});
		/* If the loader never answers (an old or broken page), still start, anonymously. */
		setTimeout(function () {
			if (!S.started)
				start(sanitizeConfig({}));
		}, 4000);
	}

	init();
})();
