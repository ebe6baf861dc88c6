/* contact.js — the name/email card: required before the first message when nobody is online,
 * offered once after it otherwise. */

import {EMAIL_RE, K_CONTACT_SKIPPED, S, storeGet} from './state.js';
import {$, errorText, t} from './dom.js';
import {api} from './api.js';
import {updateCustomer} from './session.js';
import {addLocalNote} from './conversation.js';

/* ------------------------------------------------------------- contact ---- */

export function needsContactFirst() {
	return !S.convId && S.status && S.status.online === false && !hasContact();
}

function hasContact() {
	return !!(S.customer && (S.customer.verified || S.customer.email));
}

export function offerContact() {
	if (hasContact() || S.contactMode)
		return;
	if (storeGet('localStorage', K_CONTACT_SKIPPED))
		return;
	S.contactMode = 'optional';
	placeContact(true);
	renderContact();
}

export function renderContact() {
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
export function saveContact(required) {
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

/* The optional offer sits in the timeline where it was made (later messages go below it);
 * the required form (offline, before the first message) sits under the greeting. */
export function placeContact(inTimeline) {
	var form = $('contact');
	if (inTimeline)
		$('messages').appendChild(form);
	else if (form.parentNode !== $('log'))
		$('log').insertBefore(form, $('csat'));
}
