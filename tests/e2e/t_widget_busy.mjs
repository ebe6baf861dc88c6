#!/usr/bin/env node
// t_widget_busy — in a surge the desk answers a write 503 with Retry-After and saves nothing
// (tests/api/t_backpressure proves the server side); the widget must then wait and send again
// by itself, so the customer's message is neither lost nor doubled and no error is shown.
// The first send (which opens the chat) meets two 503s and the second message one, made by
// Playwright in front of the real server with the server's own body and headers; the test
// checks the waits honour Retry-After, the customer sees each message stored once, and the desk
// holds each exactly once. Once in English, once in Vietnamese with Vietnamese text.
import { scenario, done, ok, loginConsole, setPresence, openWidget, tag } from './lib.mjs';

const BUSY = {
	status: 503,
	headers: { 'Content-Type': 'application/json', 'Retry-After': '1', 'Cache-Control': 'no-store' },
	body: JSON.stringify({ error: { code: 'unavailable', message: 'the desk is busy; nothing was saved, send it again shortly' } }),
};

async function busy(t, { locale, first, second }) {
	t.allowConsole(/status of 503 \(Service Unavailable\)/); // the browser's own note of each refusal
	const agent = await t.newPage({ label: 'agent' });
	await loginConsole(t, agent, t.server.agents.alice);
	await setPresence(agent, 'online');
	await t.until(async () => (await (await fetch(`${t.server.url}/api/v1/widget/status`)).json()).online, 3000);

	const customer = await t.newPage({ label: 'customer', locale });
	// The desk is busy for the first two tries of the chat and the first of the next message.
	const refused = { create: 2, message: 1 };
	const seen = [];
	await customer.route(/\/api\/v1\/widget\/conversations(\/\d+\/messages)?$/, async (route) => {
		const req = route.request();
		if (req.method() !== 'POST') return route.continue();
		const kind = /messages$/.test(req.url()) ? 'message' : 'create';
		seen.push({ kind, at: Date.now(), body: req.postData() });
		if (refused[kind] > 0) {
			refused[kind]--;
			return route.fulfill(BUSY);
		}
		return route.continue();
	});
	await customer.goto(`${t.server.url}/demo/`);
	const w = await openWidget(t, customer);

	await w.getByTestId('input').fill(first);
	await w.getByTestId('send').click();
	await t.mustSee(w.locator('[data-testid="message"][data-kind="customer"]:not([data-id=""])').filter({ hasText: first }),
		'after two 503s the first message is stored and shown as sent', 15000);
	await w.getByTestId('input').fill(second);
	await w.getByTestId('send').click();
	await t.mustSee(w.locator('[data-testid="message"][data-kind="customer"]:not([data-id=""])').filter({ hasText: second }),
		'after a 503 the second message is stored and shown as sent', 15000);

	const creates = seen.filter((s) => s.kind === 'create'), messages = seen.filter((s) => s.kind === 'message');
	ok(creates.length === 3 && messages.length === 2, 'the widget sent again after each 503, and only then',
		`creates ${creates.length}, messages ${messages.length}`);
	ok(creates.every((c) => c.body === creates[0].body), 'each retry carried the same message');
	const gaps = [creates[1].at - creates[0].at, creates[2].at - creates[1].at, messages[1].at - messages[0].at];
	ok(gaps.every((g) => g >= 700 && g < 8000), 'each retry waited about what Retry-After asked (1 s, spread)',
		`gaps ${gaps.join(', ')} ms`);
	ok(await w.getByTestId('error').isHidden().catch(() => true), 'no error shown to the customer');
	ok((await w.locator('[data-testid="message"][data-kind="customer"]').filter({ hasText: first }).count()) === 1 &&
		(await w.locator('[data-testid="message"][data-kind="customer"]').filter({ hasText: second }).count()) === 1,
	'each message appears once in the widget');

	// The desk holds each message exactly once.
	const list = (await t.api('GET', `/api/v1/tickets?q=${encodeURIComponent(first)}`)).body.tickets || [];
	ok(list.length === 1, 'one chat was opened', `${list.length} tickets`);
	if (list.length === 1) {
		const msgs = (await t.api('GET', `/api/v1/tickets/${list[0].id}/messages`)).body.messages || [];
		const count = (text) => msgs.filter((m) => m.kind === 'customer' && m.body === text).length;
		ok(count(first) === 1 && count(second) === 1, 'the desk stored each message once',
			`first ${count(first)}, second ${count(second)}`);
	}
}

await scenario('widget waits out a busy desk (English)', (t) => busy(t, {
	locale: 'en-US', first: `My deposit is missing ${tag()}`, second: `Still nothing ${tag()}`,
}), { timeoutMs: 90000 });
await scenario('widget waits out a busy desk (Vietnamese)', (t) => busy(t, {
	locale: 'vi-VN', first: `Nạp tiền chưa về ${tag()}`, second: `Vẫn chưa thấy tiền ${tag()}`,
}), { timeoutMs: 90000 });
await done();
