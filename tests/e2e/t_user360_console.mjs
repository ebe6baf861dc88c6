#!/usr/bin/env node
// t_user360_console — the "Exchange account" panel in the console's customer pane
// (web/console/exchange_panel.js, docs/exchange/user-360.md) against the real demo exchange: an
// agent opens 王小明's ticket and sees VIP 3, KYC, the 5000 USDT withdrawal the desk held and his
// security changes; the 2FA reset of 3 hours ago and a frozen account with its reason stand out
// as alerts; markup from the exchange (a login's user agent) and from the desk (the requester's
// name) shows as text and nothing runs; a qa sees the email and uid masked; the zh-CN console
// shows the panel's labels in Chinese; an exchange that hangs is said so within seconds, not a
// blank panel; a desk without an exchange shows no panel and logs no error.
import { scenario, done, ok, loginConsole, PASSWORD, tag, sleep } from './lib.mjs';

const MARKUP = '<img src=x onerror="window.__pwned=1"><b>bold</b>';

/** Waits until the desk has worked the events the exchange queued at its start (it holds 王小明's
 * withdrawal to a lookalike address), so the statuses the panel shows are settled. */
async function eventsSettled(t) {
	if (!t.server.exchange) return;
	const end = Date.now() + 30000;
	while (Date.now() < end) {
		const all = await t.api('GET', '/api/v1/exchange/events?limit=100');
		const open = await t.api('GET', '/api/v1/exchange/events?status=new');
		if (all.body.events.length >= 5 && open.body.events.length === 0) return;
		await sleep(100);
	}
	t.must(false, 'the exchange\'s queued events are worked within 30 s');
}

async function ticketFor(t, uid, name) {
	await eventsSettled(t);
	const r = await t.api('POST', '/api/v1/tickets', {
		subject: `Withdrawal question ${tag()}`, body: 'Where is my withdrawal?', channel: 'web',
		requester: { exchange_uid: uid, name }, group_id: t.server.groupId,
	});
	t.must(r.status === 201, `a ticket for uid ${uid}`, `${r.status} ${r.text}`);
	return r.body.ticket;
}

async function openTicket(t, page, tk) {
	await page.goto(`${t.server.url}/console/#/ticket/${encodeURIComponent(tk.number)}`);
	const panel = page.getByTestId('exchange-panel');
	await t.mustSee(panel, `${page.label}: the Exchange account panel shows for ${tk.number}`);
	const ready = await t.until(async () => ['ready', 'partial'].includes(await panel.getAttribute('data-state')));
	t.must(ready, `${page.label}: the panel finished loading`, `state ${await panel.getAttribute('data-state')}`);
	return panel;
}

await scenario('an agent sees the exchange account beside the ticket', async (t) => {
	const x = t.server.exchange;
	// Exchange-side markup: a login whose user agent is HTML.
	const lg = await x.call('POST', '/v1/demo/logins', {
		uid: '10000001', device_id: `dev-${tag()}`, ip: '203.0.113.99', country: 'SG', user_agent: MARKUP,
		idempotency_key: `login-${tag()}`,
	});
	t.must(lg.status < 300, 'the demo exchange records a login with markup in its user agent', JSON.stringify(lg));
	const t1 = await ticketFor(t, '10000001', `王小明 ${MARKUP}`);
	// The desk knew him already (his held withdrawal's Security ticket): give him the markup name.
	const pn = await t.api('PATCH', `/api/v1/customers/${t1.requester.id}`, { name: `王小明 ${MARKUP}` });
	t.must(pn.status === 200, 'the customer is renamed with markup', `${pn.status} ${pn.text}`);
	const t2 = await ticketFor(t, '10000002', '佐藤 花子');
	const t4 = await ticketFor(t, '10000004', 'Иван Петров');

	const page = await t.newPage({ label: 'alice' });
	await loginConsole(t, page, t.server.agents.alice);
	let panel = await openTicket(t, page, t1);
	ok((await panel.getByTestId('xp-vip').textContent()).trim() === 'VIP 3', 'VIP 3');
	const kyc = await panel.getByTestId('xp-kyc').textContent();
	ok(kyc.includes('2') && kyc.includes('verified'), 'KYC level 2, verified', kyc);
	ok((await panel.getByTestId('xp-status').getAttribute('data-status')) === 'active', 'account active');
	ok((await panel.getByTestId('xp-name').textContent()) === '王小明', 'the exchange\'s name for him');
	ok((await panel.getByTestId('xp-email').textContent()) === 'wang.xiaoming@example.com', 'email in clear for an agent');
	const pending = panel.locator('[data-testid="xp-withdrawal"][data-status="held"]');
	await t.seen(pending, 'the withdrawal the desk held is listed as held');
	const wtext = await pending.first().textContent();
	ok(wtext.includes('5000 USDT') && wtext.includes('0x357996'), 'held: 5000 USDT to the lookalike address (short form)', wtext);
	ok((await pending.first().getByTestId('xp-copy').first().getAttribute('data-value')) === '0x35799617c9aab8955698d57c49b1f23f09CC23b7',
		'the copy button carries the full address');
	const kinds = await panel.getByTestId('xp-security-event').evaluateAll((els) => els.map((e) => e.dataset.kind));
	ok(kinds.includes('password_change') && kinds.includes('anti_phishing_change'), 'his security changes are listed', kinds.join(','));
	ok(await panel.locator('[data-section="balances"] [data-testid="xp-balance"][data-asset="USDT"]').count() === 1, 'his USDT balance');
	for (const s of ['logins', 'deposits', 'trades'])
		ok((await panel.locator(`[data-section="${s}"]`).getAttribute('data-state')) === 'ready', `the ${s} section loaded`);
	// Markup: shown as text, never an element.
	const login = panel.locator('[data-testid="xp-login"]').filter({ hasText: '<img src=x' });
	await t.seen(login, 'the login\'s user agent markup shows as text');
	ok(await panel.locator('img, b').count() === 0, 'no element made of the exchange\'s markup');
	const custName = await page.getByTestId('customer-name').textContent();
	ok(custName.includes('<b>bold</b>'), 'the requester\'s markup name shows as text in the pane', custName);
	ok(await page.evaluate(() => window.__pwned) === undefined, 'nothing ran');
	await t.shot(page, 'wang-xiaoming');

	// The 2FA reset three hours ago stands out.
	panel = await openTicket(t, page, t2);
	const reset = panel.locator('[data-testid="xp-alert"][data-kind="2fa_reset"]');
	await t.seen(reset, 'the 2FA reset is an alert at the top');
	const rtext = await reset.first().textContent();
	ok(/2FA reset/.test(rtext) && /(2|3)h ago/.test(rtext), 'it says "2FA reset 3h ago"', rtext);
	ok((await panel.locator('[data-testid="xp-security-event"][data-kind="2fa_reset"]').getAttribute('data-recent')) === 'true',
		'and is marked recent in the list');
	await t.shot(page, '2fa-reset');

	// A frozen account with its reason.
	panel = await openTicket(t, page, t4);
	const frozen = panel.locator('[data-testid="xp-alert"][data-kind="frozen"]');
	await t.seen(frozen, 'a frozen account is an alert');
	const ftext = await frozen.first().textContent();
	ok(ftext.includes('Account frozen') && ftext.includes('risk review: card chargeback dispute'), 'frozen, with the reason', ftext);
	ok((await panel.getByTestId('xp-status').getAttribute('data-status')) === 'frozen', 'the status badge says frozen');
	await t.shot(page, 'frozen');

	// The exchange hangs (stopped, its socket still accepting): Refresh says so within a bounded time
	// instead of a blank panel or a spinner.
	const xproc = x.srv.proc;
	xproc.kill('SIGSTOP');
	try {
		const t0 = Date.now();
		await panel.getByTestId('xp-refresh').click();
		const gone = await t.until(async () => (await panel.getAttribute('data-state')) === 'unavailable', 8000);
		ok(gone, 'hanging exchange: the panel says the exchange is unavailable', `state ${await panel.getAttribute('data-state')}`);
		ok(Date.now() - t0 < 6000, 'hanging exchange: within 6 s', `${Date.now() - t0} ms`);
		const msg = gone ? await panel.getByTestId('xp-error').textContent() : '';
		ok(msg.includes('Could not read the exchange') && msg.includes('in time'), 'hanging exchange: one line saying why', msg);
		ok(await panel.getByTestId('xp-section-error').count() === 0, 'hanging exchange: not seven boxes of the same');
		await t.shot(page, 'exchange-hanging');
	} finally {
		xproc.kill('SIGCONT');
	}

	// qa: masked.
	const qaEmail = `qa.${tag()}@e2e.test`;
	const qa = await t.api('POST', '/api/v1/agents', { email: qaEmail, name: 'Quinn QA', role: 'qa', password: PASSWORD });
	t.must(qa.status === 201, 'a qa agent', qa.text);
	const qpage = await t.newPage({ label: 'qa' });
	await loginConsole(t, qpage, { email: qaEmail, password: PASSWORD });
	const qpanel = await openTicket(t, qpage, t1);
	ok((await qpanel.getByTestId('xp-email').textContent()) === 'w***@example.com', 'qa: email masked');
	ok((await qpanel.getByTestId('xp-uid').textContent()) === '10***', 'qa: uid masked');
	const qtext = await qpanel.textContent();
	ok(!qtext.includes('wang.xiaoming') && !qtext.includes('8123 4567') && !qtext.includes('203.0.113.'),
		'qa: no email, phone or IP anywhere in the panel');
	ok((await qpanel.getByTestId('xp-vip').textContent()).trim() === 'VIP 3', 'qa: the VIP tier still shows');
	await t.shot(qpage, 'qa-masked');
}, { exchange: true, timeoutMs: 90000 });

await scenario('the zh-CN console shows the panel in Chinese', async (t) => {
	const t1 = await ticketFor(t, '10000001', '王小明');
	const page = await t.newPage({ label: 'agent-zh', locale: 'zh-CN', initScript: () => localStorage.setItem('exdesk.uiLang', 'zh-CN') });
	await loginConsole(t, page, t.server.agents.alice);
	const panel = await openTicket(t, page, t1);
	const text = await panel.textContent();
	for (const zh of ['交易所账户', '实名认证', '已认证', '双重验证', '验证器应用', '安全变更', '登录记录', '资产余额', '提现', '充值', '成交记录', '已拦截'])
		ok(text.includes(zh), `zh-CN: ${zh}`);
	for (const en of ['Exchange account', 'Security changes', 'Withdrawals', 'Balances', 'Held', 'Logins', 'Authenticator app'])
		ok(!text.includes(en), `zh-CN: no "${en}" left`);
	await t.shot(page, 'zh-CN');
}, { exchange: true, timeoutMs: 60000 });

await scenario('a desk without an exchange shows no panel and no errors', async (t) => {
	const t1 = await ticketFor(t, '10000001', '王小明');
	const page = await t.newPage({ label: 'alice' });
	await loginConsole(t, page, t.server.agents.alice);
	await page.goto(`${t.server.url}/console/#/ticket/${encodeURIComponent(t1.number)}`);
	await t.mustSee(page.getByTestId('customer-name'), 'the customer pane shows');
	const state = await t.until(async () => (await page.getByTestId('exchange-panel').getAttribute('data-state')) === 'unconnected');
	ok(state, 'the panel knows there is no exchange');
	ok(!(await page.getByTestId('exchange-panel').isVisible()), 'and stays hidden (no 503 asked for, no console error)');
}, { timeoutMs: 60000 });

await done();
