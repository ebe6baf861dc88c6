/* recovery.js — "Deposit not arrived?" (POST /api/v1/help/recovery) and "Check my recovery case"
 * (POST /api/v1/help/recovery/lookup); docs/exchange/recovery.md.
 *
 *   /help/{lang}/recovery#uid=10000003&user_hash=<hex>     the form, the exchange's user known
 *   /help/{lang}/recovery                                  the form, with an email instead
 *   /help/{lang}/recovery/check#ref=RC-...&uid=...&user_hash=...   a case's status
 *
 * The exchange's site links a signed-in user here with their uid and user_hash (HMAC-SHA256 of
 * the uid under the desk's identity secret, as for the chat widget) in the fragment, which
 * browsers never send to a server. Each field is checked as the customer types
 * (POST /api/v1/crypto/validate, debounced); the memo fields show only for networks that use a
 * memo. Nothing typed is kept in the browser, and text goes into the page with textContent. */

import {API, api} from './api.js';
import {S, el, t} from './dom.js';
import {recoveryFieldError, recoveryText} from './recovery_i18n.js';

function rt(key, vars) {
	return recoveryText(S.lang, key, vars);
}

function fieldError(code) {
	return recoveryFieldError(S.lang, code);
}

var NETWORKS = [['BTC', 'Bitcoin (BTC)'], ['ETH', 'Ethereum (ERC20)'], ['BSC', 'BNB Smart Chain (BEP20)'],
	['TRON', 'TRON (TRC20)'], ['SOL', 'Solana (SPL)'], ['XRP', 'XRP Ledger'], ['TON', 'TON'], ['ATOM', 'Cosmos (ATOM)'],
	['LTC', 'Litecoin'], ['DOGE', 'Dogecoin'], ['POLYGON', 'Polygon'], ['ARBITRUM', 'Arbitrum One'],
	['OPTIMISM', 'Optimism'], ['BASE', 'Base'], ['AVAXC', 'Avalanche C-Chain']];
var MEMO_NETS = ['XRP', 'TON', 'ATOM'];

function identity() {
	var p = new URLSearchParams(location.hash.replace(/^#/, ''));
	var uid = p.get('uid') || '', hash = p.get('user_hash') || '';
	return {uid: /^[\x21-\x7e]{1,128}$/.test(uid) ? uid : '', hash: /^[0-9a-fA-F]{64}$/.test(hash) ? hash : '', ref: p.get('ref') || ''};
}

/* POST with the whole error answer kept (the form shows every field's error). */
function post(path, body) {
	return fetch(API + path, {method: 'POST', credentials: 'omit', cache: 'no-store',
		headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)})
		.then(function (res) {
			return res.text().then(function (text) {
				var data = null;
				try {
					data = text ? JSON.parse(text) : null;
				} catch (e) { /* not JSON */ }
				return {status: res.status, data: data || {}};
			});
		});
}

function field(name, control, hint) {
	var err = el('span', {className: 'field-error', id: 'rec-' + name + '-err', 'data-testid': 'recovery-' + name + '-error', hidden: true});
	control.id = 'rec-' + name;
	control.setAttribute('data-testid', 'recovery-' + name);
	control.setAttribute('aria-describedby', err.id);
	var node = el('div', {className: 'field', 'data-field': name}, [
		el('label', {for: control.id, text: rt(name)}), control,
		hint ? el('span', {className: 'hint', text: hint}) : null, err]);
	return {
		node: node, control: control,
		error: function (code) {
			err.textContent = code ? fieldError(code) : '';
			err.hidden = !code;
			err.setAttribute('data-code', code || '');
			if (code)
				control.setAttribute('aria-invalid', 'true');
			else
				control.removeAttribute('aria-invalid');
		}
	};
}

function input(name, attrs) {
	return el('input', Object.assign({type: 'text', name: name, autocomplete: 'off', spellcheck: 'false'}, attrs || {}));
}

/* The case as the customer sees it. */
function caseView(c) {
	var rows = [[rt('reference'), c.reference, 'recovery-case-ref'], [rt('status'), c.status_text, 'recovery-status']];
	if (c.credit_amount && c.state === 'credited')
		rows.push([rt('credited'), c.credit_amount + ' ' + c.asset, 'recovery-credited']);
	if (c.fee_amount && c.credit_amount)
		rows.push([rt('fee'), c.fee_amount + ' ' + c.asset, 'recovery-fee']);
	if (c.eta)
		rows.push([rt('eta'), new Date(c.eta).toLocaleString(S.lang), 'recovery-eta']);
	return el('section', {className: 'panel', 'data-testid': 'recovery-result', 'data-state': c.state}, [
		el('dl', {className: 'meta'}, rows.reduce(function (acc, r) {
			return acc.concat([el('dt', {text: r[0]}), el('dd', {text: r[1], 'data-testid': r[2]})]);
		}, [])),
		c.message ? el('p', {text: c.message, 'data-testid': 'recovery-message'}) : null,
		el('p', {className: 'muted', text: rt('keep')})
	]);
}

/* The status page's address, with the case and the identity in the fragment. */
function checkHref(ref, who) {
	var p = new URLSearchParams();
	if (ref)
		p.set('ref', ref);
	if (who.uid && who.hash) {
		p.set('uid', who.uid);
		p.set('user_hash', who.hash);
	}
	var frag = p.toString();
	return S.base + S.lang + '/recovery/check' + (frag ? '#' + frag : '');
}

export function renderRecovery(main) {
	document.title = rt('title') + ' — ' + t('site_title');
	var who = identity();
	var f = {
		asset: field('asset', input('asset', {maxlength: '20', autocapitalize: 'characters'}), rt('asset_hint')),
		network: field('network', el('select', {name: 'network'}, [el('option', {value: '', text: rt('network_choose')})].concat(
			NETWORKS.map(function (n) {
				return el('option', {value: n[0], text: n[1]});
			})))),
		txid: field('txid', input('txid', {maxlength: '300'}), rt('txid_hint')),
		address: field('address', input('address', {maxlength: '200'})),
		memo: field('memo', input('memo', {maxlength: '256'}), rt('memo_hint')),
		memo_used: field('memo_used', input('memo_used', {maxlength: '256'})),
		amount: field('amount', input('amount', {inputmode: 'decimal', maxlength: '64'})),
		sender: field('sender', input('sender', {maxlength: '200'})),
		note: field('note', el('textarea', {name: 'note', rows: '4', maxlength: '2000'}))
	};
	if (!who.uid)
		f.email = field('email', input('email', {type: 'email', autocomplete: 'email', inputmode: 'email', maxlength: '254'}), rt('email_hint'));
	var status = el('p', {className: 'form-status', role: 'status', 'data-testid': 'recovery-form-status'});
	var submit = el('button', {type: 'submit', className: 'button primary', text: rt('submit'), 'data-testid': 'recovery-submit'});
	var form = el('form', {className: 'form', novalidate: true, 'data-testid': 'recovery-form'},
		Object.keys(f).map(function (k) {
			return f[k].node;
		}).concat([status, submit]));
	var out = el('div');
	main.appendChild(el('h1', {id: 'page-title', tabindex: '-1', text: rt('title')}));
	main.appendChild(el('p', {className: 'lead', text: rt('intro')}));
	if (who.uid && who.hash)
		main.appendChild(el('p', {className: 'muted', 'data-testid': 'recovery-identity', text: rt('signed_in', {uid: who.uid})}));
	main.appendChild(form);
	main.appendChild(out);
	main.appendChild(el('p', {className: 'muted'}, [el('a', {href: checkHref('', who), 'data-testid': 'recovery-check-link', text: rt('check_title')})]));

	function memoShown() {
		var on = MEMO_NETS.indexOf(f.network.control.value) >= 0;
		f.memo.node.hidden = !on;
		f.memo_used.node.hidden = !on;
	}
	memoShown();

	/* As the customer types: the network-dependent fields through the desk's checks. */
	var timer = 0, seq = 0;
	function validate() {
		var net = f.network.control.value;
		if (!net)
			return;
		var body = {network: net}, asked = [];
		['address', 'memo', 'txid', 'sender'].forEach(function (k) {
			var v = f[k].control.value;
			if (v.trim() && !f[k].node.hidden) {
				body[k] = v;
				asked.push(k);
			}
		});
		if (!asked.length)
			return;
		var mine = ++seq;
		api('POST', '/crypto/validate', body).then(function (res) {
			if (mine !== seq)
				return;
			asked.forEach(function (k) {
				var v = res.fields && res.fields[k];
				f[k].error(v && !v.valid ? v.code : '');
			});
		}).catch(function () { /* the check is a courtesy; the submit checks again */ });
	}
	function soon() {
		clearTimeout(timer);
		timer = setTimeout(validate, 300);
	}
	['txid', 'address', 'memo', 'sender'].forEach(function (k) {
		f[k].control.addEventListener('input', soon);
	});
	f.network.control.addEventListener('change', function () {
		memoShown();
		validate();
	});

	form.addEventListener('submit', function (e) {
		e.preventDefault();
		Object.keys(f).forEach(function (k) {
			f[k].error('');
		});
		var body = {language: S.lang};
		Object.keys(f).forEach(function (k) {
			if (!f[k].node.hidden && f[k].control.value !== '')
				body[k] = f[k].control.value;
		});
		if (who.uid) {
			body.exchange_uid = who.uid;
			body.user_hash = who.hash;
		}
		submit.disabled = true;
		status.textContent = rt('sending');
		post('/help/recovery', body).then(function (res) {
			submit.disabled = false;
			status.textContent = '';
			if (res.status === 201) {
				form.hidden = true;
				out.textContent = '';
				out.appendChild(caseView(res.data.case));
				out.appendChild(el('p', {}, [el('a', {href: checkHref(res.data.case.reference, who), 'data-testid': 'recovery-check-case',
					text: rt('check_title')})]));
				return;
			}
			var errs = res.data.errors || (res.data.error ? [res.data.error] : []);
			var shown = false;
			errs.forEach(function (er) {
				if (er.field && f[er.field]) {
					f[er.field].error(er.code);
					shown = true;
				}
			});
			status.textContent = res.status === 429 ? rt('rate_limited') : shown ? rt('fix') : rt('failed');
		}).catch(function () {
			submit.disabled = false;
			status.textContent = rt('failed');
		});
	});
}

export function renderRecoveryCheck(main) {
	document.title = rt('check_title') + ' — ' + t('site_title');
	var who = identity();
	var ref = field('reference', input('reference', {maxlength: '24', value: who.ref, autocapitalize: 'characters'}));
	var email = who.uid ? null : field('email', input('email', {type: 'email', autocomplete: 'email', maxlength: '254'}));
	var status = el('p', {className: 'form-status', role: 'status', 'data-testid': 'recovery-check-status'});
	var button = el('button', {type: 'submit', className: 'button primary', text: rt('check_button'), 'data-testid': 'recovery-check-submit'});
	var form = el('form', {className: 'form', novalidate: true, 'data-testid': 'recovery-check-form'},
		[ref.node, email ? email.node : null, status, button]);
	var out = el('div');
	main.appendChild(el('h1', {id: 'page-title', tabindex: '-1', text: rt('check_title')}));
	main.appendChild(el('p', {className: 'lead', text: rt('check_intro')}));
	main.appendChild(form);
	main.appendChild(out);
	form.addEventListener('submit', function (e) {
		e.preventDefault();
		var body = {reference: ref.control.value.trim()};
		if (who.uid) {
			body.exchange_uid = who.uid;
			body.user_hash = who.hash;
		} else {
			body.email = email.control.value.trim();
		}
		status.textContent = rt('sending');
		post('/help/recovery/lookup', body).then(function (res) {
			out.textContent = '';
			status.textContent = res.status === 200 ? '' : res.status === 429 ? rt('rate_limited') : rt('not_found');
			if (res.status === 200)
				out.appendChild(caseView(res.data.case));
		}).catch(function () {
			status.textContent = rt('failed');
		});
	});
}
