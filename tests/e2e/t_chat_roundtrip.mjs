#!/usr/bin/env node
// t_chat_roundtrip — a whole chat as the two people see it. A customer opens the widget on the
// demo exchange page (/demo/) and writes; an agent signed in to the console sees the chat appear
// in Unassigned (timed from the customer's click on send to the row in the agent's DOM, and
// printed), answers, solves; the customer sees the answer and rates 5; the console shows the
// rating. Once in English, once in Chinese (a browser set to zh-CN, the customer writing Chinese).
import {
	scenario, done, ok, note, loginConsole, setPresence, openWidget, ticketRow, messageWith, setStatus, tag,
} from './lib.mjs';

const LATENCY_LIMIT_MS = 1000;

/** Why did the agent not get the chat? Prints what the desk says about it, as the agent. */
async function diagnose(t, agent, text) {
	const login = await fetch(`${t.server.url}/api/v1/auth/login`, {
		method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: agent.email, password: agent.password }),
	});
	const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
	const tickets = (await t.api('GET', `/api/v1/tickets?q=${encodeURIComponent(text)}`)).body.tickets || [];
	for (const tk of tickets) {
		const asAgent = await fetch(`${t.server.url}/api/v1/tickets/${tk.id}`, { headers: { Cookie: cookie } });
		t.why(`diagnosis: ticket ${tk.number} channel=${tk.channel} status=${tk.status} group_id=${tk.group_id} ` +
			`assignee_id=${tk.assignee_id}; GET /api/v1/tickets/${tk.id} as ${agent.email} (role ${agent.role}, groups [${t.server.groupId}]) ` +
			`answers ${asAgent.status}`);
	}
	if (!tickets.length) t.why('diagnosis: the admin finds no ticket with that text either');
}

async function roundtrip(t, { locale, lang, customerText, replyText, widgetStrings }) {
	const alice = t.server.agents.alice;

	// The agent first: the widget asks for an email instead of chatting when nobody is online.
	const agent = await t.newPage({ label: 'agent' });
	await loginConsole(t, agent, alice);
	await setPresence(agent, 'online');
	const status = await t.until(async () => {
		const r = await fetch(`${t.server.url}/api/v1/widget/status`);
		const s = await r.json();
		return s.online ? s : null;
	}, 3000);
	t.must(status, 'the widget status says a human is online once the agent chose Online');
	await agent.getByTestId('view-unassigned').click();
	await t.shot(agent, 'unassigned-before');

	const customer = await t.newPage({ label: 'customer', locale });
	await customer.goto(`${t.server.url}/demo/`);
	const w = await openWidget(t, customer);
	const htmlLang = await w.locator('html').getAttribute('lang');
	ok(htmlLang === lang, `widget speaks ${lang} in a browser set to ${locale}`, `html lang=${htmlLang}`);
	for (const [testid, text] of widgetStrings)
		ok((await w.getByTestId(testid).getAttribute('placeholder') || await w.getByTestId(testid).innerText()).includes(text),
			`widget shows "${text}" (${testid})`);
	ok(await w.getByTestId('offline-banner').isHidden(), 'no offline banner while an agent is online');
	await t.shot(customer, 'widget-open');

	// The probes: when the customer clicks send (in the widget) and when a row with the text
	// appears in the agent's list (a MutationObserver in the console). Same machine, same clock.
	await w.getByTestId('send').evaluate((btn) =>
		btn.addEventListener('click', () => { window.__e2eSentAt = Date.now(); }, { capture: true, once: true }));
	await agent.evaluate((needle) => {
		window.__e2eRowAt = null;
		const seen = () => [...document.querySelectorAll('[data-testid="ticket-row"]')].some((r) => r.textContent.includes(needle));
		const obs = new MutationObserver(() => {
			if (!window.__e2eRowAt && seen()) { window.__e2eRowAt = Date.now(); obs.disconnect(); }
		});
		obs.observe(document.body, { childList: true, subtree: true, characterData: true });
	}, customerText);

	await w.getByTestId('input').fill(customerText);
	await w.getByTestId('send').click();
	await t.mustSee(w.locator('[data-testid="message"][data-kind="customer"]:not([data-id=""])').filter({ hasText: customerText }),
		'the customer sees their message stored in the widget');

	const row = ticketRow(agent, customerText);
	if (!(await t.seen(row, 'the chat appears in the agent\'s Unassigned view', 5000))) {
		await diagnose(t, alice, customerText);
		t.stop();
	}
	const sentAt = await w.locator('body').evaluate(() => window.__e2eSentAt);
	const rowAt = await agent.evaluate(() => window.__e2eRowAt);
	const latency = rowAt && sentAt ? rowAt - sentAt : NaN;
	note(`LATENCY ${lang}: customer send -> row in agent's Unassigned view: ${latency} ms`);
	ok(latency >= 0 && latency <= LATENCY_LIMIT_MS, `the agent sees the new chat within ${LATENCY_LIMIT_MS} ms of the customer's send (${latency} ms)`);
	await t.shot(agent, 'chat-arrived');

	const ticketId = Number(await row.first().getAttribute('data-id'));
	const ticket = (await t.api('GET', `/api/v1/tickets/${ticketId}`)).body.ticket;
	ok(ticket.channel === 'chat' && ticket.language === lang, `the ticket is a chat in ${lang}`, `channel=${ticket.channel} language=${ticket.language}`);

	await row.first().click();
	await t.mustSee(messageWith(agent, customerText, 'customer'), 'the agent opens the chat and reads the customer\'s message');
	await t.seen(w.getByTestId('read-marker'), 'the customer sees that the agent has read their message');
	await agent.getByTestId('mode-reply').click();
	await agent.getByTestId('composer').pressSequentially(replyText.slice(0, 12));
	const typing = w.getByTestId('typing');
	if (await t.seen(typing, 'the customer sees the agent typing')) {
		const typingText = await typing.innerText();
		ok(typingText.includes(alice.name.split(' ')[0]), 'the typing line names the agent', typingText);
		await t.shot(customer, 'agent-typing');
	}
	await agent.getByTestId('composer').fill(replyText);
	await agent.getByTestId('send').click();
	await t.mustSee(messageWith(agent, replyText, 'reply'), 'the agent\'s reply is in the console timeline');
	await t.mustSee(messageWith(w, replyText, 'reply'), 'the customer sees the agent\'s reply in the widget');
	const author = await messageWith(w, replyText, 'reply').first().innerText();
	ok(author.includes(alice.name), 'the reply carries the agent\'s name in the widget', author);
	await t.shot(customer, 'reply-received');

	await setStatus(agent, 'solved');
	await t.mustSee(w.getByTestId('csat-5'), 'the widget asks for a rating once the chat is solved');
	await t.shot(customer, 'rating-asked');
	await w.getByTestId('csat-5').click();
	const comment = lang === 'zh-CN' ? '谢谢，很快就解决了！' : 'Thanks, quick and clear!';
	await w.getByTestId('csat-comment').fill(comment);
	await w.getByTestId('csat-submit').click();
	await t.seen(w.getByTestId('csat-done'), 'the widget thanks the customer for the rating');
	await t.shot(customer, 'rated');

	const csat = agent.getByTestId('csat');
	const shown = await t.until(async () => /5\/5/.test(await csat.innerText()) && (await csat.innerText()).includes(comment), 5000);
	ok(shown, 'the console shows the 5-star rating and its comment on the ticket (live)', await csat.innerText().catch((e) => e.message));
	const stored = (await t.api('GET', `/api/v1/tickets/${ticketId}/csat`)).body;
	ok(stored && stored.csat && stored.csat.rating === 5 && stored.csat.agent_id === alice.id,
		'the rating is stored as 5 for the agent who answered', JSON.stringify(stored));
	await t.shot(agent, 'rating-shown');
	return latency;
}

await scenario('chat round trip in English', (t) => roundtrip(t, {
	locale: 'en-US',
	lang: 'en',
	customerText: `My USDT deposit has not arrived yet, ref ${tag()}`,
	replyText: 'Thanks for waiting! Your deposit is confirmed and credited now.',
	widgetStrings: [['input', 'Write a message…'], ['human', 'Talk to a human']],
}));

await scenario('chat round trip in Chinese', (t) => roundtrip(t, {
	locale: 'zh-CN',
	lang: 'zh-CN',
	customerText: `你好，我的USDT充值还没有到账，编号${tag()}`,
	replyText: '您好！您的充值已经确认到账，请查看钱包余额。',
	widgetStrings: [['input', '请输入消息…'], ['human', '转人工客服']],
}));

await done();
