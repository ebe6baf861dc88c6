/* incidents.js — the status banner: the desk's active incidents (GET /api/v1/public/incidents)
 * in the widget's language (the desk falls back to English), shown above the conversation as
 * text. Asked again whenever the language changes (lang.js applyLang). */

import {API, S} from './state.js';
import {$} from './dom.js';

var asked = 0;

export function renderIncidentBanner() {
	var box = $('incident-banner');
	if (!box)
		return;
	var mine = ++asked;
	fetch(API + '/public/incidents?lang=' + encodeURIComponent(S.lang || 'en'), {credentials: 'omit', cache: 'no-store'})
		.then(function (res) {
			return res.ok ? res.json() : null;
		})
		.then(function (data) {
			if (mine !== asked)
				return; /* a newer language was asked for meanwhile */
			var list = (data && data.incidents) || [];
			box.replaceChildren();
			list.forEach(function (i) {
				var p = document.createElement('p');
				p.className = 'incident-text';
				p.textContent = i.text;
				p.lang = i.language;
				p.setAttribute('data-testid', 'incident-banner-text');
				p.setAttribute('data-id', String(i.id));
				box.appendChild(p);
			});
			box.hidden = list.length === 0;
		})
		.catch(function () { /* no banner is better than a broken widget */ });
}
