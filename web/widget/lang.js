/* lang.js — the widget's language: the choice at start, the header's switcher, and putting
 * the strings of web/widget/i18n.js into the page. */

import {I18N, K_LANG, S, storeGet, storeSet} from './state.js';
import {$, clearError, el, noticeKey, showNotice, t} from './dom.js';
import {api} from './api.js';
import {toParent} from './parent.js';
import {renderStatus, updateCustomer} from './session.js';
import {renderList, renderSubtitle} from './views.js';
import {refreshMessageText, renderReadMarker, renderTyping} from './conversation.js';
import {renderContact} from './contact.js';
import {renderCsatDone} from './csat.js';
import {renderIncidentBanner} from './incidents.js';

/* ------------------------------------------------------------------ i18n ---- */
export function chooseLang(config) {
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

export function applyLang() {
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
	renderIncidentBanner();
}

export function buildLangSelect() {
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
