/* frame.js — the customer chat widget (frame.html), usually inside the iframe widget.js adds to an
 * exchange's page. It owns the widget session, the conversation view and the push stream; the
 * parent page only hosts the launcher and shows what this frame asks it to (badge, title, sound).
 * This file is the start-up and the wiring (parent messages, page events, the buttons); the rest
 * is in ES modules next to it: state.js, dom.js, api.js, parent.js, lang.js, session.js,
 * views.js, conversation.js, composer.js, contact.js, csat.js, stream.js.
 *
 * Rules kept throughout:
 *  - customer and agent text reaches the page only through textContent / createTextNode; no
 *    innerHTML anywhere, and links are not made clickable (phishing on a crypto desk);
 *  - postMessage only to and from the parent window, at the origin the loader told us
 *    (#origin=...), and never with message text in it;
 *  - every message is keyed by its id, so a replayed stream item, a poll and a POST answer that
 *    carry the same message show it once. */
import {K_CONTACT_SKIPPED, K_VISITOR, S, STATUS_REFRESH_MS, storeGet, storeSet} from './state.js';
import {$, clearError, errorText, retryAction, showError, t} from './dom.js';
import {parentOriginGuess, sanitizeConfig, toParent} from './parent.js';
import {applyLang, buildLangSelect, chooseLang} from './lang.js';
import {ensureSession, forget, loadStatus} from './session.js';
import {chooseFirstView, focusComposer, loadConversations, newConversation, onShown, showList,
	showView} from './views.js';
import {autoGrow, onInputTyping, postText, sendText, stopTyping, uploadFile} from './composer.js';
import {renderContact, saveContact} from './contact.js';
import {setRating, submitCsat} from './csat.js';
import {openStream} from './stream.js';
import {recoveryLabel, showRecovery} from './recovery.js';

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

document.addEventListener('visibilitychange', function () {
	if (!document.hidden)
		onShown();
	else
		stopTyping();
});

/* ----------------------------------------------------------------- start ---- */
function start(config) {
	if (S.started)
		return;
	S.started = true;
	S.config = config;
	S.lang = chooseLang(config);
	S.visitorId = storeGet('localStorage', K_VISITOR);
	applyLang();
	recoveryLabel();
	boot();
}

export function boot() {
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

/* ------------------------------------------------------------ wiring ---- */
function wire() {
	buildLangSelect();
	/* deposit recovery (recovery.js): the header button, its label in the chosen language */
	recoveryLabel();
	$('recovery-open').addEventListener('click', showRecovery);
	$('lang').addEventListener('change', function () {
		recoveryLabel();
		if (S.view === 'recovery')
			showRecovery();
	});
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
