/* widget.js — the one script an exchange page includes to get the exdesk chat:
 *   <script src="https://desk.example/widget/widget.js" data-lang="zh-CN" data-uid="U123"
 *           data-user-hash="HEX" data-name="..." data-email="..." async></script>
 * It adds a launcher button and, when it is clicked, an iframe with the widget (frame.html, on
 * the desk's origin). Everything the customer says lives inside that iframe; this script only
 * positions it and does what the frame asks through postMessage: an unread badge, a flashing
 * title, a short beep.
 *
 * It touches nothing of the host page but its own two elements (ids and classes "exdesk-",
 * styled through element.style so no stylesheet is needed and the page's CSP need not allow
 * inline styles), one window property (window.exdeskWidget) and, while flashing, document.title.
 * Included twice, the second copy does nothing. */
(function () {
	'use strict';

	if (window.exdeskWidget || document.getElementById('exdesk-launcher'))
		return;

	var script = document.currentScript;
	if (!script || !/\/widget\.js(\?|#|$)/.test(script.src || '')) {
		var all = document.querySelectorAll('script[src*="widget.js"]');
		script = all[all.length - 1];
	}
	if (!script || !script.src)
		return;

	var srcUrl = new URL(script.src, location.href);
	var ORIGIN = srcUrl.origin;
	var FRAME_URL = ORIGIN + srcUrl.pathname.replace(/[^/]*$/, '') + 'frame.html';
	var ds = script.dataset || {};
	var config = {
		lang: ds.lang || '',
		uid: ds.uid || '',
		userHash: ds.userHash || '',
		name: ds.name || '',
		email: ds.email || ''
	};

	var Z = '2147483000';
	var BRAND = '#1f6feb';
	var LABELS = {
		en: 'Open support chat',
		'zh-CN': '打开在线客服',
		'zh-TW': '開啟線上客服',
		ja: 'サポートチャットを開く',
		ko: '상담 채팅 열기',
		ru: 'Открыть чат поддержки',
		es: 'Abrir el chat de soporte',
		vi: 'Mở khung chat hỗ trợ',
		tr: 'Destek sohbetini aç'
	};
	var TITLES = {
		en: 'Support chat', 'zh-CN': '在线客服', 'zh-TW': '線上客服', ja: 'サポートチャット', ko: '상담 채팅',
		ru: 'Чат поддержки', es: 'Chat de soporte', vi: 'Chat hỗ trợ', tr: 'Destek sohbeti'
	};

	/* Same rule as i18n.js: data-lang, else the browser's languages, else English. */
	function langOf(tag) {
		var p = String(tag || '').toLowerCase().replace(/_/g, '-').split('-');
		if (p[0] === 'zh')
			return p.indexOf('hant') >= 0 || p.indexOf('tw') >= 0 || p.indexOf('hk') >= 0 || p.indexOf('mo') >= 0 ? 'zh-TW' : 'zh-CN';
		return LABELS[p[0]] ? p[0] : '';
	}
	function pickLang() {
		var c = [config.lang].concat(navigator.languages || [navigator.language]);
		for (var i = 0; i < c.length; i++)
			if (langOf(c[i]))
				return langOf(c[i]);
		return 'en';
	}

	/* Host pages style `button`, `iframe`, `*` as they like: reset what such rules usually touch,
	 * then set ours, all inline and !important so only an !important rule aimed at our ids could
	 * still win. (Not `all: initial`: it would write ~400 properties into each element.) */
	var RESET = {
		margin: '0', padding: '0', border: '0', outline: 'none', float: 'none', transform: 'none',
		filter: 'none', opacity: '1', visibility: 'visible', 'min-width': '0', 'min-height': '0',
		'max-width': 'none', 'max-height': 'none', font: '400 14px/1.2 system-ui, sans-serif',
		'letter-spacing': 'normal', 'text-transform': 'none', 'text-indent': '0', 'text-shadow': 'none',
		'box-shadow': 'none', 'box-sizing': 'border-box', background: 'none', inset: 'auto',
		'pointer-events': 'auto', 'vertical-align': 'baseline', animation: 'none', transition: 'none'
	};
	function css(node, props) {
		setCss(node, RESET);
		setCss(node, props);
	}
	function setCss(node, props) {
		for (var k in props)
			if (Object.prototype.hasOwnProperty.call(props, k))
				node.style.setProperty(k, props[k], 'important');
	}

	var launcher, badge, frame, mq;
	var isOpen = false;
	var frameReady = false;
	var unread = 0;
	var audio = null;
	var flashTimer = null, flashStopTimer = null, savedTitle = null, flashText = '';
	var stats = {notifications: 0, beeps: 0};
	var lang = pickLang();

	window.exdeskWidget = {
		version: 1,
		open: function () { open(); },
		close: function () { close(); },
		toggle: function () { isOpen ? close() : open(); },
		isOpen: function () { return isOpen; },
		unread: function () { return unread; },
		stats: stats,
		/* Call when the exchange's user logs out: the widget forgets its session and history
		 * on this browser and continues as a new anonymous visitor. */
		reset: function () {
			config.uid = config.userHash = config.name = config.email = '';
			setUnread(0);
			stopFlash();
			try {
				window.localStorage.removeItem(ACTIVE_KEY);
			} catch (e) { /* storage blocked */ }
			post({type: 'reset'});
		}
	};

	function init() {
		if (document.getElementById('exdesk-launcher'))
			return;
		launcher = document.createElement('button');
		launcher.type = 'button';
		launcher.id = 'exdesk-launcher';
		launcher.className = 'exdesk-launcher';
		launcher.setAttribute('data-testid', 'exdesk-launcher');
		launcher.setAttribute('aria-label', LABELS[lang]);
		launcher.setAttribute('aria-expanded', 'false');
		launcher.setAttribute('data-unread', '0');
		launcher.title = LABELS[lang];
		css(launcher, {
			position: 'fixed', right: '20px', bottom: '20px', 'z-index': Z,
			width: '56px', height: '56px', margin: '0', padding: '0', border: '0', 'border-radius': '50%',
			background: BRAND, color: '#fff', cursor: 'pointer', display: 'flex',
			'align-items': 'center', 'justify-content': 'center',
			'box-shadow': '0 4px 14px rgba(0,0,0,.25)', 'box-sizing': 'border-box',
			'font-family': 'system-ui, sans-serif'
		});
		launcher.appendChild(icon(false));

		badge = document.createElement('span');
		badge.id = 'exdesk-badge';
		badge.className = 'exdesk-badge';
		badge.setAttribute('data-testid', 'exdesk-badge');
		badge.setAttribute('aria-hidden', 'true');
		css(badge, {
			position: 'absolute', top: '-4px', right: '-4px', 'min-width': '20px', height: '20px',
			padding: '0 5px', 'border-radius': '10px', background: '#e5484d', color: '#fff',
			font: '700 12px/20px system-ui, sans-serif', 'text-align': 'center', 'box-sizing': 'border-box',
			display: 'none', 'pointer-events': 'none'
		});
		launcher.appendChild(badge);

		launcher.addEventListener('click', function () {
			primeAudio();
			isOpen ? close() : open();
		});
		launcher.addEventListener('focus', function () {
			setCss(launcher, {outline: '3px solid #9cc2ff', 'outline-offset': '2px'});
		});
		launcher.addEventListener('blur', function () {
			setCss(launcher, {outline: 'none'});
		});
		document.body.appendChild(launcher);

		window.addEventListener('message', onMessage);
		document.addEventListener('keydown', function (ev) {
			if (ev.key === 'Escape' && isOpen)
				close();
		});
		document.addEventListener('visibilitychange', function () {
			if (!document.hidden && flashTimer && isOpen)
				stopFlash();
			else if (!document.hidden && flashTimer)
				flashStopTimer = flashStopTimer || setTimeout(stopFlash, 4000);
		});
		mq = window.matchMedia ? window.matchMedia('(max-width: 479.98px)') : null;
		if (mq) {
			var relayout = function () {
				layout();
			};
			mq.addEventListener ? mq.addEventListener('change', relayout) : mq.addListener(relayout);
		}
		/* A visitor who has chatted before gets the frame loaded (hidden) at once, so an agent's
		 * answer still raises the badge while they browse other pages of the exchange. */
		if (remembered())
			ensureFrame();
	}

	function icon(closeIcon) {
		var ns = 'http://www.w3.org/2000/svg';
		var svg = document.createElementNS(ns, 'svg');
		svg.setAttribute('viewBox', '0 0 24 24');
		svg.setAttribute('width', '26');
		svg.setAttribute('height', '26');
		svg.setAttribute('aria-hidden', 'true');
		svg.setAttribute('focusable', 'false');
		var path = document.createElementNS(ns, 'path');
		path.setAttribute('fill', 'none');
		path.setAttribute('stroke', 'currentColor');
		path.setAttribute('stroke-width', '2');
		path.setAttribute('stroke-linecap', 'round');
		path.setAttribute('stroke-linejoin', 'round');
		path.setAttribute('d', closeIcon ? 'M6 6l12 12M18 6L6 18' :
			'M4 5.5A2.5 2.5 0 016.5 3h11A2.5 2.5 0 0120 5.5v8a2.5 2.5 0 01-2.5 2.5H10l-4.5 4v-4A2.5 2.5 0 014 13.5z');
		svg.appendChild(path);
		css(svg, {display: 'block', width: '26px', height: '26px', color: '#fff', 'pointer-events': 'none'});
		return svg;
	}

	function setIcon(closeIcon) {
		var old = launcher.querySelector('svg');
		if (old)
			launcher.replaceChild(icon(closeIcon), old);
	}

	function ensureFrame() {
		if (frame)
			return;
		frame = document.createElement('iframe');
		frame.id = 'exdesk-frame';
		frame.className = 'exdesk-frame';
		frame.title = TITLES[lang];
		frame.setAttribute('data-testid', 'exdesk-frame');
		/* The frame trusts postMessage only from this origin, which it cannot learn any other
		 * reliable way (the desk sends no-referrer). */
		frame.src = FRAME_URL + '#origin=' + encodeURIComponent(location.origin);
		frame.setAttribute('referrerpolicy', 'no-referrer');
		frame.addEventListener('load', sendConfig);
		layout();
		document.body.appendChild(frame);
		launcher.setAttribute('aria-controls', 'exdesk-frame');
	}

	function layout() {
		if (!launcher)
			return;
		var small = mq && mq.matches;
		if (frame) {
			var base = {
				position: 'fixed', 'z-index': Z, border: '0', margin: '0', padding: '0',
				background: '#fff', 'color-scheme': 'light', 'box-sizing': 'border-box',
				display: isOpen ? 'block' : 'none'
			};
			if (small) {
				base.top = '0';
				base.left = '0';
				base.right = '0';
				base.bottom = '0';
				base.width = '100%';
				base.height = '100%';
				base['border-radius'] = '0';
			} else {
				base.right = '20px';
				base.bottom = '88px';
				base.width = '380px';
				base.height = 'min(640px, calc(100vh - 108px))';
				base['max-width'] = 'calc(100vw - 40px)';
				base['border-radius'] = '14px';
				base['box-shadow'] = '0 12px 40px rgba(0,0,0,.22)';
			}
			css(frame, base);
		}
		/* Full-screen on a phone: the frame has its own close button, the launcher would cover
		 * the send button. */
		setCss(launcher, {display: small && isOpen ? 'none' : 'flex'});
	}

	function open() {
		ensureFrame();
		isOpen = true;
		launcher.setAttribute('aria-expanded', 'true');
		setIcon(true);
		layout();
		post({type: 'open'});
		setUnread(0);
		stopFlash();
		try {
			frame.focus();
			if (frame.contentWindow)
				frame.contentWindow.focus();
		} catch (e) { /* focus is a courtesy */ }
	}

	function close() {
		if (!isOpen)
			return;
		var hadFocus = document.activeElement === frame;
		isOpen = false;
		launcher.setAttribute('aria-expanded', 'false');
		setIcon(false);
		layout();
		post({type: 'close'});
		if (hadFocus || document.activeElement === document.body || !document.activeElement)
			launcher.focus();
	}

	function post(msg) {
		if (!frame || !frame.contentWindow || !frameReady)
			return;
		msg.exdesk = 1;
		frame.contentWindow.postMessage(msg, ORIGIN);
	}

	function sendConfig() {
		if (!frame || !frame.contentWindow)
			return;
		frameReady = true;
		frame.contentWindow.postMessage({exdesk: 1, type: 'config', config: config, open: isOpen}, ORIGIN);
	}

	function onMessage(ev) {
		if (!frame || ev.origin !== ORIGIN || ev.source !== frame.contentWindow)
			return;
		var d = ev.data;
		if (!d || typeof d !== 'object' || d.exdesk !== 1)
			return;
		switch (d.type) {
		case 'ready':
			sendConfig();
			break;
		case 'close':
			close();
			break;
		case 'notify':
			stats.notifications += 1;
			setUnread(d.unread);
			if (!isOpen || document.hidden) {
				flash(typeof d.title === 'string' ? d.title.slice(0, 80) : '(' + unread + ') New message');
				if (d.sound !== false)
					beep();
			}
			break;
		case 'unread':
			setUnread(d.unread);
			if (!d.unread)
				stopFlash();
			break;
		case 'lang':
			if (typeof d.label === 'string' && d.label) {
				launcher.setAttribute('aria-label', d.label.slice(0, 80));
				launcher.title = d.label.slice(0, 80);
			}
			if (typeof d.title === 'string' && d.title)
				frame.title = d.title.slice(0, 80);
			break;
		case 'active':
			remember(!!d.active);
			break;
		}
	}

	function setUnread(n) {
		if (!badge)
			return;
		n = Math.max(0, Math.min(99, Number(n) || 0));
		unread = n;
		badge.textContent = n ? String(n) : '';
		setCss(badge, {display: n ? 'block' : 'none'});
		launcher.setAttribute('data-unread', String(n));
	}

	/* ---- title flash ---- */
	function flash(text) {
		if (savedTitle === null)
			savedTitle = document.title;
		flashText = text;
		clearTimeout(flashTimer);
		clearTimeout(flashStopTimer);
		flashStopTimer = null;
		var on = false;
		var tick = function () {
			/* the page changed its own title meanwhile (a single-page app): keep its new one */
			if (document.title !== flashText && document.title !== savedTitle)
				savedTitle = document.title;
			on = !on;
			document.title = on ? flashText : savedTitle;
			flashTimer = setTimeout(tick, on ? 1200 : 600);
		};
		tick();
		if (!document.hidden)
			flashStopTimer = setTimeout(stopFlash, 10000);
	}

	function stopFlash() {
		clearTimeout(flashTimer);
		clearTimeout(flashStopTimer);
		flashTimer = null;
		flashStopTimer = null;
		if (savedTitle !== null) {
			if (document.title === flashText || document.title === savedTitle)
				document.title = savedTitle;
			savedTitle = null;
		}
	}

	/* ---- sound: two short sine tones, made here (no audio file to fetch) ---- */
	function primeAudio() {
		/* Browsers let a page start audio only after a user gesture: create it on the click. */
		try {
			var Ctx = window.AudioContext || window.webkitAudioContext;
			if (!audio && Ctx)
				audio = new Ctx();
			if (audio && audio.state === 'suspended')
				audio.resume();
		} catch (e) {
			audio = null;
		}
	}

	function beep() {
		primeAudio();
		if (!audio)
			return;
		try {
			var t0 = audio.currentTime + 0.02;
			[[880, 0], [1320, 0.14]].forEach(function (tone) {
				var osc = audio.createOscillator();
				var gain = audio.createGain();
				var s = t0 + tone[1];
				osc.type = 'sine';
				osc.frequency.setValueAtTime(tone[0], s);
				gain.gain.setValueAtTime(0.0001, s);
				gain.gain.exponentialRampToValueAtTime(0.18, s + 0.015);
				gain.gain.exponentialRampToValueAtTime(0.0001, s + 0.12);
				osc.connect(gain);
				gain.connect(audio.destination);
				osc.start(s);
				osc.stop(s + 0.13);
			});
			stats.beeps += 1;
		} catch (e) { /* no sound is not an error */ }
	}

	/* ---- "has chatted before" (host-page localStorage, key exdesk-widget-active) ---- */
	var ACTIVE_KEY = 'exdesk-widget-active';
	var ACTIVE_DAYS = 7;
	function remembered() {
		try {
			var v = Number(window.localStorage.getItem(ACTIVE_KEY) || 0);
			return v && Date.now() - v < ACTIVE_DAYS * 86400000;
		} catch (e) {
			return false;
		}
	}
	function remember(active) {
		try {
			if (active)
				window.localStorage.setItem(ACTIVE_KEY, String(Date.now()));
		} catch (e) { /* storage blocked */ }
	}

	if (document.body)
		init();
	else
		document.addEventListener('DOMContentLoaded', init);
})();
