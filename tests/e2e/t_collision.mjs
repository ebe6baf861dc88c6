#!/usr/bin/env node
// t_collision — two agents on one chat. Each sees the other in the ticket's viewers line. Agent
// A answers; agent B, whose view has not caught up yet (B's push stream is held back, as on a
// slow connection), sends a reply written against the old state: the console stops it with the
// collision message, B's draft is kept, A's answer is loaded into B's view, and nothing of B's
// is stored or reaches the customer.
import {
	scenario, done, ok, note, loginConsole, chatViaWidgetApi, ticketRow, messageWith, streamProbe, tag,
} from './lib.mjs';

await scenario('collision of two agents on one chat', async (t) => {
	const { alice, bob } = t.server.agents;
	const question = `Withdrawal stuck in "processing" for two hours, ref ${tag()}`;
	const chat = await chatViaWidgetApi(t, question);
	const ticketId = chat.conversation.id;

	const a = await t.newPage({ label: 'agent-A' });
	const b = await t.newPage({ label: 'agent-B', initScript: streamProbe });
	// B's refused reply is a 409 that chromium logs as a failed resource load: expected here.
	t.allowConsole(/status of 409 .* @ \S*\/api\/v1\/tickets\/\d+\/reply$/);

	for (const [page, who] of [[a, alice], [b, bob]]) {
		await loginConsole(t, page, who);
		await page.getByTestId('view-unassigned').click();
		await ticketRow(page, question).first().click();
		await t.mustSee(messageWith(page, question, 'customer'), `${page.label}: ${who.name} opens the chat`);
	}

	// Viewers: the second to open learns of the first from the heartbeat's answer; the first
	// learns of the second from the push stream (or its next heartbeat, every 15 s).
	const started = Date.now();
	const aSeesB = await t.until(async () => (await a.getByTestId('viewers').innerText()).includes(bob.name), 16000, 100);
	const aWait = Date.now() - started;
	ok(aSeesB, `agent A sees "${bob.name}" in the viewers line (after ${aWait} ms)`,
		await a.getByTestId('viewers').innerText().catch((e) => e.message));
	ok(aWait < 3000, 'agent A learns of agent B within 3 s (pushed, not only by the 15 s heartbeat)', `${aWait} ms`);
	const bSeesA = await t.until(async () => (await b.getByTestId('viewers').innerText()).includes(alice.name), 5000, 100);
	ok(bSeesA, `agent B sees "${alice.name}" in the viewers line`, await b.getByTestId('viewers').innerText().catch((e) => e.message));
	await t.shot(a, 'viewers');
	await t.shot(b, 'viewers');

	// From here on B's view is stale: nothing pushed reaches B's page until released.
	await b.evaluate(() => { window.__e2eHold = true; });

	const replyA = 'Hi! I can see your withdrawal; it is being signed and leaves within 10 minutes.';
	await a.getByTestId('mode-reply').click();
	await a.getByTestId('composer').fill(replyA);
	await a.getByTestId('send').click();
	await t.mustSee(messageWith(a, replyA, 'reply'), 'agent A\'s reply is sent');

	const replyB = `Hello, let me check that withdrawal for you ${tag()}.`;
	await b.getByTestId('mode-reply').click();
	await b.getByTestId('composer').fill(replyB);
	const stale = await messageWith(b, replyA).count() === 0;
	t.must(stale, 'agent B\'s view is stale: A\'s reply is not shown to B yet (test setup)');
	const held = await b.evaluate(() => window.__e2eHeld());
	note(`stream items held back from agent B: ${held}`);

	const answer = b.waitForResponse((res) => res.url().endsWith(`/api/v1/tickets/${ticketId}/reply`), { timeout: 5000 });
	await b.getByTestId('send').click();
	const res = await answer.catch(() => null);
	const code = res && (await res.json().catch(() => ({}))).error?.code;
	ok(res && res.status() === 409 && code === 'reply_collision', 'the server refuses B\'s reply: 409 reply_collision',
		res ? `${res.status()} ${code}` : 'no reply request seen');
	const collision = b.getByTestId('collision');
	await t.mustSee(collision, 'agent B\'s reply is stopped with the collision message');
	const text = await collision.innerText();
	ok(/someone replied/i.test(text), 'the collision message says someone else answered meanwhile', text);
	await t.seen(messageWith(b, replyA, 'reply'), 'agent B\'s view now shows A\'s reply to review');
	ok(await b.getByTestId('composer').inputValue() === replyB, 'agent B\'s draft is kept in the composer');
	await t.shot(b, 'collision');

	const msgs = (await t.api('GET', `/api/v1/tickets/${ticketId}/messages?limit=100`)).body.messages;
	const replies = msgs.filter((m) => m.kind === 'reply');
	ok(replies.length === 1 && replies[0].body === replyA, 'exactly one reply is stored: agent A\'s',
		JSON.stringify(replies.map((m) => m.body)));
	ok(!msgs.some((m) => m.body.includes(replyB)), 'nothing of agent B\'s refused reply is stored');
	const r = await fetch(`${t.server.url}/api/v1/widget/conversations/${ticketId}/messages`, { headers: { 'X-Widget-Token': chat.token } });
	const seen = (await r.json()).messages;
	ok(r.status === 200 && !seen.some((m) => m.body.includes(replyB)) && seen.some((m) => m.body === replyA),
		'the customer gets A\'s reply and nothing of B\'s', `${r.status} ${JSON.stringify(seen.map((m) => m.body))}`);

	// B, now up to date, may send: the reply goes through.
	await b.evaluate(() => window.__e2eRelease());
	await b.getByTestId('send').click();
	await t.seen(messageWith(b, replyB, 'reply'), 'agent B\'s reply goes through once B has seen A\'s');
	await t.seen(messageWith(a, replyB, 'reply'), 'agent A sees B\'s reply arrive');
	await t.shot(a, 'after');
}, { timeoutMs: 90000 });

await done();
