/* recovery.js — "Deposit not arrived?" inside the chat widget (docs/exchange/recovery.md): the
 * same form as the help center's, filed with the widget session (POST /api/v1/widget/recovery:
 * the session's verified exchange uid, else its email), each field checked as it is typed
 * (POST /api/v1/crypto/validate), and the customer's cases with their status
 * (GET /api/v1/widget/recovery). Strings come from the help center's table (one table for both,
 * /help/recovery_i18n.js). Text goes into the page with textContent only. */

import {S} from './state.js';
import {$, el} from './dom.js';
import {api} from './api.js';
import {showView} from './views.js';
import {recoveryFieldError, recoveryText} from '../help/recovery_i18n.js';

var NETWORKS = [['BTC', 'Bitcoin'], ['ETH', 'Ethereum (ERC20)'], ['BSC', 'BNB Smart Chain (BEP20)'], ['TRON', 'TRON (TRC20)'],
	['SOL', 'Solana'], ['XRP', 'XRP Ledger'], ['TON', 'TON'], ['ATOM', 'Cosmos'], ['LTC', 'Litecoin'], ['DOGE', 'Dogecoin'],
	['POLYGON', 'Polygon'], ['ARBITRUM', 'Arbitrum One'], ['OPTIMISM', 'Optimism'], ['BASE', 'Base'], ['AVAXC', 'Avalanche C-Chain']];
var MEMO_NETS = ['XRP', 'TON', 'ATOM'];
var FIELDS = ['asset', 'network', 'txid', 'address', 'memo', 'memo_used', 'amount', 'sender', 'note'];

function rt(key, vars) {
	return recoveryText(S.lang, key, vars);
}

function caseCard(c) {
	var lines = [el('p', {className: 'card-text', 'data-testid': 'recovery-case-status', text: c.reference + ' · ' + c.status_text})];
	if (c.state === 'credited' && c.credit_amount)
		lines.push(el('p', {'data-testid': 'recovery-case-credited', text: rt('credited') + ': ' + c.credit_amount + ' ' + c.asset +
			(c.fee_amount ? ' · ' + rt('fee') + ': ' + c.fee_amount + ' ' + c.asset : '')}));
	if (c.message)
		lines.push(el('p', {className: 'muted', text: c.message}));
	return el('li', {className: 'card', 'data-testid': 'recovery-case', 'data-state': c.state}, lines);
}

function loadCases(list) {
	api('GET', '/widget/recovery').then(function (r) {
		list.textContent = '';
		((r && r.cases) || []).forEach(function (c) {
			list.appendChild(caseCard(c));
		});
	}).catch(function () { /* the list is a convenience; the form still works */ });
}

function render(root) {
	root.textContent = '';
	var f = {}, ctl = {}, errs = {};
	FIELDS.forEach(function (k) {
		var control = k === 'network'
			? el('select', {name: k}, [el('option', {value: '', text: rt('network_choose')})].concat(NETWORKS.map(function (n) {
				return el('option', {value: n[0], text: n[1]});
			})))
			: k === 'note' ? el('textarea', {name: k, rows: '3', maxlength: '2000'})
				: el('input', {type: 'text', name: k, autocomplete: 'off', spellcheck: 'false', maxlength: k === 'amount' ? '64' : '300'});
		control.id = 'wrec-' + k;
		control.setAttribute('data-testid', 'recovery-' + k);
		errs[k] = el('span', {className: 'field-error', 'data-testid': 'recovery-' + k + '-error', hidden: true});
		f[k] = el('label', {className: 'field'}, [el('span', {text: rt(k)}), control, errs[k]]);
		ctl[k] = control;
	});
	function setErr(k, code) {
		errs[k].textContent = code ? recoveryFieldError(S.lang, code) : '';
		errs[k].hidden = !code;
		errs[k].setAttribute('data-code', code || '');
	}
	function memoShown() {
		var on = MEMO_NETS.indexOf(ctl.network.value) >= 0;
		f.memo.hidden = !on;
		f.memo_used.hidden = !on;
	}
	memoShown();
	var timer = 0, seq = 0;
	function validate() {
		var net = ctl.network.value, body = {network: net}, asked = [];
		if (!net)
			return;
		['address', 'memo', 'txid', 'sender'].forEach(function (k) {
			if (ctl[k].value.trim() && !f[k].hidden) {
				body[k] = ctl[k].value;
				asked.push(k);
			}
		});
		if (!asked.length)
			return;
		var mine = ++seq;
		api('POST', '/crypto/validate', body).then(function (res) {
			if (mine === seq)
				asked.forEach(function (k) {
					var v = res.fields && res.fields[k];
					setErr(k, v && !v.valid ? v.code : '');
				});
		}).catch(function () {});
	}
	['txid', 'address', 'memo', 'sender'].forEach(function (k) {
		ctl[k].addEventListener('input', function () {
			clearTimeout(timer);
			timer = setTimeout(validate, 300);
		});
	});
	ctl.network.addEventListener('change', function () {
		memoShown();
		validate();
	});
	var status = el('p', {className: 'muted', role: 'status', 'data-testid': 'recovery-form-status'});
	var submit = el('button', {type: 'submit', className: 'primary wide', 'data-testid': 'recovery-submit', text: rt('submit')});
	var form = el('form', {className: 'card', novalidate: true, 'data-testid': 'recovery-form'},
		[el('p', {className: 'card-text', text: rt('intro')})].concat(FIELDS.map(function (k) {
			return f[k];
		}), [status, submit]));
	var list = el('ul', {className: 'conv-list', 'data-testid': 'recovery-cases'});
	form.addEventListener('submit', function (e) {
		e.preventDefault();
		var body = {language: S.lang};
		FIELDS.forEach(function (k) {
			setErr(k, '');
			if (!f[k].hidden && ctl[k].value !== '')
				body[k] = ctl[k].value;
		});
		submit.disabled = true;
		status.textContent = rt('sending');
		api('POST', '/widget/recovery', body).then(function (r) {
			submit.disabled = false;
			status.textContent = '';
			form.reset();
			memoShown();
			var card = caseCard(r.case);
			list.insertBefore(card, list.firstChild);
			card.scrollIntoView({block: 'nearest'});
		}).catch(function (er) {
			submit.disabled = false;
			if (er && er.field && errs[er.field]) {
				setErr(er.field, er.code);
				status.textContent = rt('fix');
			} else {
				status.textContent = er && er.field === 'email' ? rt('email_hint') : rt('failed');
			}
		});
	});
	root.appendChild(el('h2', {className: 'list-title', text: rt('title')}));
	root.appendChild(form);
	root.appendChild(el('h2', {className: 'list-title', text: rt('my_cases')}));
	root.appendChild(list);
	loadCases(list);
}

export function showRecovery() {
	if (!S.token)
		return;
	render($('view-recovery'));
	showView('recovery');
	$('back').hidden = false;
}

export function recoveryLabel() {
	$('recovery-open-text').textContent = rt('title');
}
