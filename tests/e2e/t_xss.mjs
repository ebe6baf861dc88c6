#!/usr/bin/env node
// t_xss — hostile text stays text. A customer writes markup with script in it (and gives it as
// their name); an agent answers with markup. The console and the widget show every character
// literally, build no element from it, and nothing runs: window.__pwned stays undefined in the
// console, in the widget's frame and on the exchange page around it. A CSP report in the console
// would fail the scenario too (every console error does).
import {
	scenario, done, ok, loginConsole, setPresence, openWidget, ticketRow, messageWith, tag,
} from './lib.mjs';

const PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">';

/** Where hostile markup would have become elements, if it had. */
async function injected(scope) {
	return scope.locator('img[src="x"], [onerror], script:not([src]), b.e2e-bold, iframe[srcdoc]').count();
}

async function pwned(page, frame) {
	const host = await page.evaluate(() => window.__pwned);
	const inside = frame ? await frame.locator('body').evaluate(() => window.__pwned) : undefined;
	return [host, inside];
}

await scenario('hostile text in the console and the widget', async (t) => {
	const alice = t.server.agents.alice;
	const agent = await t.newPage({ label: 'agent' });
	await loginConsole(t, agent, alice);
	await setPresence(agent, 'online');
	await agent.getByTestId('view-unassigned').click();

	const customer = await t.newPage({ label: 'customer' });
	await customer.goto(`${t.server.url}/demo/`);
	const w = await openWidget(t, customer);
	const mark = tag();
	const text = `${PAYLOAD} ${mark}`;
	await w.getByTestId('input').fill(text);
	await w.getByTestId('send').click();

	const mine = w.locator('[data-testid="message"][data-kind="customer"]:not([data-id=""])').filter({ hasText: mark });
	await t.mustSee(mine, 'the customer\'s message is stored and shown in the widget');
	ok((await mine.first().locator('.msg-body').innerText()).trim() === text, 'the widget shows the customer\'s markup literally',
		await mine.first().innerText());

	// The optional "leave your email" card: a hostile name, as a customer may type it.
	const hostileName = `<img src=x onerror="window.__pwned=3">Mallory ${mark}`;
	if (await t.seen(w.getByTestId('name'), 'the widget offers to take a name and email')) {
		await w.getByTestId('name').fill(hostileName);
		await w.getByTestId('email').fill(`mallory-${mark}@example.com`);
		await w.getByTestId('contact-save').click();
	}
	await t.shot(customer, 'customer-wrote-markup');

	const row = ticketRow(agent, mark);
	await t.mustSee(row, 'the chat is in the agent\'s Unassigned view');
	const subject = await row.first().locator('.row-subject').innerText();
	ok(subject.includes('<script>window.__pwned=1</script>'), 'the ticket row shows the subject\'s markup literally', subject);
	await row.first().click();
	const msg = messageWith(agent, mark, 'customer');
	await t.mustSee(msg, 'the agent opens the chat');
	ok((await msg.first().locator('.msg-body').innerText()).trim() === text, 'the console shows the customer\'s markup literally',
		await msg.first().innerText());
	ok((await injected(agent.locator('#app'))) === 0, 'no element was made from the customer\'s markup in the console');
	const customerPane = agent.locator('#customer');
	if (await t.until(async () => (await customerPane.innerText()).includes(mark), 3000)) {
		ok((await customerPane.innerText()).includes(hostileName), 'the customer pane shows the hostile name literally',
			await customerPane.innerText());
	} else {
		ok(false, 'the customer pane shows the name the customer left', await customerPane.innerText());
	}

	const reply = `<b class="e2e-bold">bold?</b><img src=x onerror="window.__pwned=2"> ${mark}-reply`;
	await agent.getByTestId('mode-reply').click();
	await agent.getByTestId('composer').fill(reply);
	await agent.getByTestId('send').click();
	const inConsole = messageWith(agent, `${mark}-reply`, 'reply');
	await t.mustSee(inConsole, 'the agent\'s markup reply is sent');
	ok((await inConsole.first().locator('.msg-body').innerText()).trim() === reply, 'the console shows the agent\'s markup literally');
	const inWidget = messageWith(w, `${mark}-reply`, 'reply');
	await t.mustSee(inWidget, 'the customer receives the agent\'s reply');
	ok((await inWidget.first().locator('.msg-body').innerText()).trim() === reply, 'the widget shows the agent\'s markup literally',
		await inWidget.first().innerText());
	ok((await injected(w.locator('body'))) === 0, 'no element was made from any markup in the widget');
	await t.shot(agent, 'console-literal');
	await t.shot(customer, 'widget-literal');

	// The widget reloaded from the server (history, not the live path) shows text too.
	await customer.reload();
	const w2 = await openWidget(t, customer);
	await t.mustSee(messageWith(w2, `${mark}-reply`, 'reply'), 'after a reload the widget shows the conversation again');
	ok((await injected(w2.locator('body'))) === 0, 'no element was made from markup in the reloaded widget');
	await agent.reload();
	await t.mustSee(messageWith(agent, mark, 'customer'), 'after a reload the console shows the chat again');
	ok((await injected(agent.locator('#app'))) === 0, 'no element was made from markup in the reloaded console');

	const [host, frame] = await pwned(customer, w2);
	ok(host === undefined && frame === undefined, 'window.__pwned stays undefined on the exchange page and in the widget', `${host} ${frame}`);
	const [consoleWin] = await pwned(agent);
	ok(consoleWin === undefined, 'window.__pwned stays undefined in the console', String(consoleWin));
}, { timeoutMs: 90000 });

await done();
