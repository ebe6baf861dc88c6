#!/usr/bin/env node
// t_holds_console — a poisoned withdrawal held and worked in the console
// (docs/exchange/withdrawal-holds.md). The demo exchange queued uid 10000001's 5000 USDT to a
// lookalike of his Ledger address at its first start; the desk held it and opened an urgent
// ticket in the Security queue. An agent of Security opens it and sees the reasons and the
// address diff (the differing middle highlighted, the shared ends dimmed, all of it text), works
// the checklist — KYC, a fresh 2FA challenge the user answers at the exchange, the customer's
// confirming message, the scam questions — and requests the release; she is not offered the
// approval. A supervisor in another browser approves; both see it released, the exchange shows
// it completed, and the customer got the outcome in Chinese. The panel's labels in Chinese.
// Another agent cancels the cooldown hold with a reason (the exchange cancels it, the customer is
// told in Japanese); with the exchange gone, a check fails, the panel says why and the hold
// keeps its state. The desk's first message about a new-country login reaches the user in the
// widget (verified uid), in Vietnamese, and her answer reaches the ticket.
import crypto from 'node:crypto';
import { scenario, done, ok, loginConsole, hostExchangePage, widgetFrame, ticketRow } from './lib.mjs';

const POISON = '0x35799617c9aab8955698d57c49b1f23f09CC23b7';
const LEDGER = '0x357996fc266f633B4d32BDc5cdeB14453ecC23B7';

/** The hold of uid's pending withdrawal, once the desk has worked the exchange's event. */
async function holdOf(t, uid) {
	let hold = null;
	await t.until(async () => {
		const r = await t.api('GET', '/api/v1/exchange/events?type=withdrawal.pending&limit=100');
		const e = ((r.body && r.body.events) || []).find((x) => x.data && x.data.withdrawal && x.data.withdrawal.uid === uid && x.ticket_id);
		if (!e) return false;
		const hr = await t.api('GET', `/api/v1/tickets/${e.ticket_id}/holds`);
		hold = hr.body && hr.body.holds && hr.body.holds[0];
		return !!hold;
	}, 20000, 200);
	return hold;
}

await scenario('a poisoned withdrawal is held, checked and released with a second approver', async (t) => {
	const alice = t.server.agents.alice, sam = t.server.agents.sam;
	const hold = await holdOf(t, '10000001');
	ok(!!hold, 'the desk held the poisoned withdrawal and opened a ticket');
	if (!hold) return;
	const ticket = (await t.api('GET', `/api/v1/tickets/${hold.ticket_id}`)).body.ticket;
	const groups = (await t.api('GET', '/api/v1/groups')).body.groups;
	const security = groups.find((g) => g.name === 'Security');
	ok(security && ticket.group_id === security.id && ticket.priority === 'urgent', 'an urgent ticket in the Security group');
	const chat = t.server.groupId;
	const r = await t.api('PATCH', `/api/v1/agents/${alice.id}`, { groups: [chat, security.id] });
	ok(r.status === 200, 'Alice joins the Security group', r.text);

	const agent = await t.newPage({ label: 'agent' });
	await loginConsole(t, agent, alice);
	await agent.getByTestId(`view-group-${security.id}`).click();
	const row = agent.getByTestId('ticket-row').filter({ hasText: `Withdrawal ${hold.withdrawal_id} held` });
	await t.mustSee(row, 'the held withdrawal is in the Security queue');
	await row.first().click();
	const panel = agent.getByTestId('hold-panel');
	await t.mustSee(panel, 'the hold panel is on the ticket');
	ok((await agent.getByTestId('hold-state').getAttribute('data-state')) === 'held', 'it says held');
	ok((await agent.getByTestId('hold-amount').innerText()) === '5000 USDT', 'amount and asset shown');
	const reasons = agent.getByTestId('hold-reason');
	ok((await reasons.first().getAttribute('data-code')) === 'address_poisoning' &&
		(await reasons.first().getAttribute('data-severity')) === 'hold_second', 'the first reason is address poisoning, needing a second approver');
	ok((await reasons.first().innerText()).includes('Possible address poisoning'), 'with its explanation');

	// The diff: the two addresses as spans, the same characters dimmed, the differing ones marked.
	const dest = agent.getByTestId('diff-destination'), like = agent.getByTestId('diff-lookalike');
	ok((await dest.innerText()) === POISON && (await like.innerText()) === LEDGER, 'the diff shows the destination and the Ledger address it imitates');
	const spans = await dest.getByTestId('diff-span').evaluateAll((els) => els.map((e) => ({
		same: e.dataset.same === '1', text: e.textContent, kids: e.childNodes.length, textOnly: [...e.childNodes].every((n) => n.nodeType === 3),
		color: getComputedStyle(e).color, weight: getComputedStyle(e).fontWeight })));
	ok(spans.length >= 3 && spans[0].same && spans[spans.length - 1].same && spans.some((s) => !s.same), 'same ends and a differing middle', JSON.stringify(spans));
	ok(spans[0].text === '0x357996' && spans[spans.length - 1].text.toLowerCase().endsWith('cc23b7'), 'the shared prefix and suffix are the ones an eye checks', JSON.stringify(spans));
	ok(spans.every((s) => s.textOnly), 'every span is a text node, nothing parsed');
	const differ = spans.find((s) => !s.same), same = spans[0];
	ok(differ.color !== same.color && Number(differ.weight) > Number(same.weight), 'differing characters are highlighted, the rest dimmed', `${differ.color}/${differ.weight} vs ${same.color}/${same.weight}`);
	await t.shot(agent, 'hold-panel');

	// The checklist.
	const item = (name) => agent.locator(`[data-testid="hold-item"][data-item="${name}"]`);
	await agent.getByTestId('check-kyc').click();
	await t.mustSee(agent.locator('[data-testid="hold-item"][data-item="kyc"][data-done="1"]'), 'KYC checked through the connector');
	await agent.getByTestId('check-two_factor').click();
	await t.mustSee(agent.getByTestId('two-factor-pending'), 'a 2FA challenge is sent and waits for the user');
	const challenge = (await t.api('GET', `/api/v1/holds/${hold.id}`)).body.hold.challenge_id;
	const ans = await t.server.exchange.call('POST', `/v1/demo/2fa-challenges/${challenge}/answer`, { result: 'passed', idempotency_key: `e2e-2fa-${challenge}` });
	ok(ans.status === 200 || ans.status === 201, 'the user passes the challenge at the exchange', ans.text);
	await agent.getByTestId('check-two_factor').click();
	await t.mustSee(agent.locator('[data-testid="hold-item"][data-item="two_factor"][data-done="1"]'), 'the agent checks again: 2FA confirmed');
	const say = await t.api('POST', `/api/v1/tickets/${hold.ticket_id}/messages`, { body: '地址、网络和金额都是对的，是我本人操作。' });
	ok(say.status === 201, 'the customer confirms in the thread');
	const offered = await t.until(async () => (await agent.getByTestId('details-message').locator(`option[value="${say.body.message.id}"]`).count()) === 1);
	ok(offered, 'the panel offers the customer\'s message (reloaded from the stream)');
	await agent.getByTestId('details-message').selectOption(String(say.body.message.id));
	await agent.getByTestId('check-details_confirmed').click();
	await t.mustSee(agent.locator('[data-testid="hold-item"][data-item="details_confirmed"][data-done="1"]'), 'details confirmed, pointing at that message');
	await agent.getByTestId('check-scam_questions').click();
	await t.mustSee(agent.locator('[data-testid="hold-item"][data-item="scam_questions"][data-done="1"]'), 'scam questions answered');
	ok((await item('kyc').innerText()).includes(alice.name), 'the checklist says who ticked');

	await agent.getByTestId('hold-release').click();
	await t.mustSee(agent.getByTestId('hold-waiting'), 'release requested: waiting for a second approver');
	ok((await agent.getByTestId('hold-state').getAttribute('data-state')) === 'release_requested', 'the state says so');
	ok(await agent.getByTestId('hold-approve').count() === 0, 'the requester is not offered the approval');
	await t.shot(agent, 'waiting');

	// The supervisor, in another browser.
	const sup = await t.newPage({ label: 'supervisor' });
	await loginConsole(t, sup, sam);
	await sup.goto(`${t.server.url}/console/#/ticket/${ticket.number}`);
	await t.mustSee(sup.getByTestId('hold-approve'), 'the supervisor sees the approve button');
	await sup.getByTestId('hold-approve').click();
	await t.mustSee(sup.locator('[data-testid="hold-state"][data-state="released"]'), 'the supervisor approves: released');
	await t.mustSee(agent.locator('[data-testid="hold-state"][data-state="released"]'), 'the agent sees it released live');
	const x = await t.server.exchange.call('GET', `/v1/withdrawals/${hold.withdrawal_id}`);
	ok(x.body && x.body.withdrawal.status === 'completed', 'the exchange shows it completed', x.text);
	const msgs = (await t.api('GET', `/api/v1/tickets/${hold.ticket_id}/messages?limit=100`)).body.messages;
	ok(msgs.some((m) => m.kind === 'reply' && m.body.includes('已通过安全核查')), 'the customer got the outcome in Chinese');
	await t.shot(sup, 'released');

	// The panel in the Chinese console.
	const zh = await t.newPage({ label: 'zh', initScript: () => localStorage.setItem('exdesk.uiLang', 'zh-CN') });
	await loginConsole(t, zh, sam);
	await zh.goto(`${t.server.url}/console/#/ticket/${ticket.number}`);
	const zp = zh.getByTestId('hold-panel');
	await t.mustSee(zp, 'the hold panel in the Chinese console');
	const text = await zp.innerText();
	for (const s of [`提现 ${hold.withdrawal_id} 已拦截`, '已放行', '目标地址', '仿冒的地址', '需要第二人审批', '金额', '客户已确认地址、网络、备注和金额', '防诈骗问询'])
		ok(text.includes(s), `zh-CN: "${s}"`, text.slice(0, 300));
	for (const s of ['Destination', 'Looks like', 'Released', 'Second approval needed'])
		ok(!text.includes(s), `zh-CN: no English "${s}"`);
	await t.shot(zh, 'zh-CN');
	t.checkConsole();
}, { exchange: true });

await scenario('an agent cancels a held withdrawal, and sees the exchange\'s failure', async (t) => {
	const alice = t.server.agents.alice;
	const cooldown = await holdOf(t, '10000002'), poisoned = await holdOf(t, '10000001');
	ok(!!cooldown && !!poisoned, 'both queued withdrawals are held');
	if (!cooldown || !poisoned) return;
	const security = (await t.api('GET', '/api/v1/groups')).body.groups.find((g) => g.name === 'Security');
	await t.api('PATCH', `/api/v1/agents/${alice.id}`, { groups: [t.server.groupId, security.id] });
	const number = async (id) => (await t.api('GET', `/api/v1/tickets/${id}`)).body.ticket.number;

	const agent = await t.newPage({ label: 'agent' });
	await loginConsole(t, agent, alice);
	await agent.goto(`${t.server.url}/console/#/ticket/${await number(cooldown.ticket_id)}`);
	await t.mustSee(agent.getByTestId('hold-panel'), 'the cooldown hold panel');
	ok((await agent.getByTestId('hold-reason').first().getAttribute('data-code')) === 'security_cooldown', 'the reason is the 2FA reset');
	ok(await agent.getByTestId('hold-diff').count() === 0, 'no lookalike, no diff');
	ok(await agent.getByTestId('hold-second').count() === 0, 'an ordinary hold: no second approval');
	await agent.getByTestId('hold-cancel').click();
	await t.mustSee(agent.getByTestId('toast'), 'cancelling without a reason is stopped in the page');
	await agent.getByTestId('cancel-reason').fill('the customer did not make this request');
	await agent.getByTestId('hold-cancel').click();
	await t.mustSee(agent.locator('[data-testid="hold-state"][data-state="cancelled"]'), 'cancelled');
	ok((await agent.getByTestId('hold-outcome').innerText()).includes('the customer did not make this request'), 'the outcome shows the reason');
	const x = await t.server.exchange.call('GET', `/v1/withdrawals/${cooldown.withdrawal_id}`);
	ok(x.body && x.body.withdrawal.status === 'cancelled', 'cancelled at the exchange', x.text);
	const msgs = (await t.api('GET', `/api/v1/tickets/${cooldown.ticket_id}/messages?limit=100`)).body.messages;
	ok(msgs.some((m) => m.kind === 'reply' && m.body.includes('キャンセル')), 'the customer is told in Japanese');

	// The exchange goes away: the agent's check fails, the panel says why, nothing changes.
	await agent.goto(`${t.server.url}/console/#/ticket/${await number(poisoned.ticket_id)}`);
	await t.mustSee(agent.getByTestId('check-kyc'), 'the poisoning hold panel');
	t.server.exchange.srv.proc.kill('SIGKILL');
	await t.until(() => t.server.exchange.srv.exited !== null, 5000);
	t.allowConsole(/status of 502/);
	await agent.getByTestId('check-kyc').click();
	await t.mustSee(agent.getByTestId('hold-error'), 'the connector failure is shown on the hold', 20000);
	ok((await agent.getByTestId('hold-error').innerText()).includes('KYC read'), 'it says which call failed',
		await agent.getByTestId('hold-error').innerText());
	ok((await agent.getByTestId('hold-state').getAttribute('data-state')) === 'held', 'the hold keeps its state');
	ok((await agent.locator('[data-testid="hold-item"][data-item="kyc"]').getAttribute('data-done')) === '0', 'nothing was ticked');
	await t.shot(agent, 'connector-error');
	t.checkConsole();
}, { exchange: true });

await scenario('the desk writes first: a new-country login reaches the user in the widget', async (t) => {
	// The exchange's new-country login (uid 10000005, NG, Vietnamese): the desk opened a ticket
	// and wrote first. The user, signed in on the exchange, finds it in the widget and answers.
	let ticketId = null;
	await t.until(async () => {
		const r = await t.api('GET', '/api/v1/exchange/events?type=login.new_country&limit=10');
		const e = ((r.body && r.body.events) || []).find((x) => x.ticket_id);
		ticketId = e ? e.ticket_id : null;
		return !!ticketId;
	}, 20000, 200);
	ok(!!ticketId, 'the login opened a ticket');
	if (!ticketId) return;
	const uid = '10000005';
	const secret = (await t.api('GET', '/api/v1/settings/identity')).body.identity_secret;
	const hash = crypto.createHmac('sha256', secret).update(uid).digest('hex');
	const user = await t.newPage({ label: 'customer', locale: 'vi-VN' });
	await hostExchangePage(t, user, { lang: 'vi', uid, 'user-hash': hash });
	await user.getByTestId('exdesk-launcher').click();
	const w = widgetFrame(user);
	const list = w.getByTestId('conversations');
	await t.mustSee(list.locator('li').filter({ hasText: 'NG' }), 'the desk\'s conversation is in the user\'s widget');
	await list.locator('li').filter({ hasText: 'NG' }).first().click();
	const desk = w.getByTestId('messages').locator('[data-kind="system"]').filter({ hasText: 'quốc gia mới' });
	await t.mustSee(desk, 'the desk\'s message, in Vietnamese, before the user wrote anything');
	ok(await w.getByTestId('messages').locator('[data-kind="note"]').count() === 0, 'the internal note is not shown to the user');
	await w.getByTestId('input').fill('Không phải tôi! Tôi đang ở Việt Nam.');
	await w.getByTestId('send').click();
	await t.until(async () => {
		const m = (await t.api('GET', `/api/v1/tickets/${ticketId}/messages?limit=50`)).body.messages;
		return m.some((x) => x.kind === 'customer' && x.body.includes('Không phải tôi'));
	});
	const m = (await t.api('GET', `/api/v1/tickets/${ticketId}/messages?limit=50`)).body.messages;
	ok(m.some((x) => x.kind === 'customer' && x.body.includes('Không phải tôi')), 'her answer reaches the ticket');
	await t.shot(user, 'widget');
	t.checkConsole();
}, { exchange: true });

await done();
