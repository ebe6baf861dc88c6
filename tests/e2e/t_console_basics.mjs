#!/usr/bin/env node
// t_console_basics — the agent console's everyday surface: a wrong password is refused with a
// message; signing in works; the views list the right tickets with the right counts; j/k move
// through the list, Enter opens, r and n start a reply or a note; an internal note looks like one
// and never reaches the customer's widget; presence survives a reload.
import {
	scenario, done, ok, loginConsole, setPresence, presenceShown, openWidget, ticketBySubject,
	ticketRow, messageWith, streamProbe, tag, PASSWORD,
} from './lib.mjs';

async function makeTicket(t, subject, { assignee, group = true } = {}) {
	const r = await t.api('POST', '/api/v1/tickets', {
		subject,
		body: `${subject} — details`,
		requester: { email: `${tag()}@customer.example`, name: 'Test Customer' },
		channel: 'email',
		...(group ? { group_id: t.server.groupId } : {}),
	});
	if (r.status !== 201) throw new Error(`POST /tickets answered ${r.status}: ${r.text}`);
	if (assignee) {
		const p = await t.api('PATCH', `/api/v1/tickets/${r.body.ticket.id}`, { assignee_id: assignee.id });
		if (p.status !== 200) throw new Error(`PATCH assignee answered ${p.status}: ${p.text}`);
	}
	return r.body.ticket;
}

async function countOf(page, key) {
	return (await page.getByTestId(`count-${key}`).innerText()).trim();
}

await scenario('sign-in, views, counts and shortcuts', async (t) => {
	const { alice, bob } = t.server.agents;
	const run = tag();
	// Alice's world: 2 of hers, 3 unassigned in her group, 1 of Bob's in her group, and one
	// unassigned ticket outside any group that an agent must not see.
	for (const n of [1, 2]) await makeTicket(t, `Mine ${n} ${run}`, { assignee: alice });
	for (const n of [1, 2, 3]) await makeTicket(t, `Unassigned ${n} ${run}`);
	await makeTicket(t, `Bob's ${run}`, { assignee: bob });
	await makeTicket(t, `Nobody's group ${run}`, { group: false });

	const page = await t.newPage({ label: 'agent' });
	t.allowConsole(/status of 401 .* @ \S*\/api\/v1\/auth\/login$/);
	await page.goto(`${t.server.url}/console/`);
	await page.getByTestId('login-email').fill(alice.email);
	await page.getByTestId('login-password').fill('not-the-password');
	await page.getByTestId('login-submit').click();
	const alert = page.locator('#login form [role="alert"], #login-error');
	await t.seen(alert, 'a wrong password shows an error on the sign-in form');
	const alertText = await alert.first().innerText().catch(() => '');
	ok(/wrong|invalid|incorrect/i.test(alertText), 'the error says the email or password is wrong', alertText);
	ok(await page.getByTestId('view-unassigned').isHidden(), 'a wrong password does not sign in');
	await t.shot(page, 'wrong-password');

	await page.getByTestId('login-password').fill(PASSWORD);
	await page.getByTestId('login-submit').click();
	await t.mustSee(page.getByTestId('view-unassigned'), 'the right password signs in');
	ok((await page.getByTestId('me-name').innerText()).includes(alice.name), 'the console names the signed-in agent');

	const gid = t.server.groupId;
	const counts = await t.until(async () => {
		const c = { mine: await countOf(page, 'mine'), unassigned: await countOf(page, 'unassigned'), group: await countOf(page, `group-${gid}`) };
		return c.mine === '2' && c.unassigned === '3' && c.group === '6' ? c : null;
	}, 5000);
	ok(counts, 'the counts are Mine 2, Unassigned 3, Chat group 6',
		`mine=${await countOf(page, 'mine')} unassigned=${await countOf(page, 'unassigned')} group=${await countOf(page, `group-${gid}`)}`);
	ok(await page.getByTestId('view-all').count() === 0, 'an agent has no All view');

	const listed = async () => (await page.getByTestId('ticket-row').allInnerTexts()).join('\n');
	await page.getByTestId('view-mine').click();
	ok(await t.until(async () => (await page.getByTestId('ticket-row').count()) === 2 && /Mine 1/.test(await listed()) && /Mine 2/.test(await listed()), 3000),
		'Mine lists exactly the two tickets assigned to the agent', await listed());
	await page.getByTestId('view-unassigned').click();
	ok(await t.until(async () => (await page.getByTestId('ticket-row').count()) === 3 && !/Mine|Bob|Nobody/.test(await listed()), 3000),
		'Unassigned lists the three unassigned tickets of the agent\'s group, not the one outside it', await listed());
	await page.getByTestId(`view-group-${gid}`).click();
	ok(await t.until(async () => (await page.getByTestId('ticket-row').count()) === 6 && /Bob's/.test(await listed()), 3000),
		'the group view lists all six tickets of the group, a colleague\'s too', await listed());
	await t.shot(page, 'group-view');

	// Keyboard: j/k move the selection, Enter opens, r/n focus the composer in that mode.
	await page.getByTestId('view-unassigned').click();
	await t.until(async () => (await page.getByTestId('ticket-row').count()) === 3, 3000);
	const rows = page.getByTestId('ticket-row');
	const selected = async () => page.locator('[data-testid="ticket-row"][aria-selected="true"]').getAttribute('data-id', { timeout: 1000 }).catch(() => null);
	const ids = await rows.evaluateAll((els) => els.map((e) => e.dataset.id));
	await page.locator('body').click({ position: { x: 5, y: 790 } }); // focus out of any field
	await page.keyboard.press('j');
	ok(await selected() === ids[0], 'j selects the first ticket', `${await selected()} of ${ids}`);
	await page.keyboard.press('j');
	ok(await selected() === ids[1], 'j again selects the second', `${await selected()} of ${ids}`);
	await page.keyboard.press('j');
	await page.keyboard.press('k');
	ok(await selected() === ids[1], 'k goes back up', `${await selected()} of ${ids}`);
	await page.keyboard.press('Enter');
	const number = await rows.nth(1).getAttribute('data-number');
	await t.seen(page.getByTestId('ticket-number').filter({ hasText: number }), 'Enter opens the selected ticket');
	await page.keyboard.press('r');
	ok(await page.getByTestId('composer').evaluate((el) => el === document.activeElement), 'r puts the cursor in the composer');
	ok(await page.getByTestId('mode-reply').getAttribute('aria-pressed') === 'true', 'r chooses a public reply');
	await page.keyboard.press('Escape');
	await page.keyboard.press('n');
	ok(await page.getByTestId('composer').evaluate((el) => el === document.activeElement), 'n puts the cursor in the composer');
	ok(await page.getByTestId('mode-note').getAttribute('aria-pressed') === 'true', 'n chooses an internal note');
	await t.shot(page, 'note-mode-by-keyboard');
	await page.keyboard.press('Escape');
});

await scenario('internal notes never reach the widget; presence survives a reload', async (t) => {
	const alice = t.server.agents.alice;
	const agent = await t.newPage({ label: 'agent' });
	await loginConsole(t, agent, alice);
	await setPresence(agent, 'online');

	// The probe records what the widget's push stream carries, before the widget filters it.
	const customer = await t.newPage({ label: 'customer', initScript: streamProbe });
	await customer.goto(`${t.server.url}/demo/`);
	const w = await openWidget(t, customer);
	const mark = tag();
	const question = `Is my account verified? ${mark}`;
	await w.getByTestId('input').fill(question);
	await w.getByTestId('send').click();
	await t.mustSee(w.locator('[data-testid="message"][data-kind="customer"]:not([data-id=""])').filter({ hasText: mark }),
		'the customer\'s question is sent');
	const ticket = await ticketBySubject(t, mark);

	await agent.getByTestId('view-unassigned').click();
	await t.mustSee(ticketRow(agent, mark), 'the chat is in the agent\'s Unassigned view');
	await ticketRow(agent, mark).first().click();
	await t.mustSee(messageWith(agent, question, 'customer'), 'the agent opens the chat');

	const noteText = `KYC level 1 only; do not promise withdrawals yet (${mark}-note)`;
	await agent.getByTestId('mode-note').click();
	await agent.getByTestId('composer').fill(noteText);
	await agent.getByTestId('send').click();
	const note = messageWith(agent, `${mark}-note`, 'note');
	await t.mustSee(note, 'the internal note is in the console timeline as a note');
	ok(/internal note/i.test(await note.first().innerText()), 'the note is labelled as an internal note', await note.first().innerText());

	const replyText = `Yes, your account is verified (${mark}-reply).`;
	await agent.getByTestId('mode-reply').click();
	await agent.getByTestId('composer').fill(replyText);
	await agent.getByTestId('send').click();
	const reply = messageWith(agent, `${mark}-reply`, 'reply');
	await t.mustSee(reply, 'the public reply is in the console timeline');
	const look = async (loc) => loc.first().evaluate((el) => {
		const s = getComputedStyle(el);
		return `${s.backgroundColor}|${s.borderLeftColor}|${s.borderTopStyle}`;
	});
	const [noteLook, replyLook] = [await look(note), await look(reply)];
	ok(noteLook !== replyLook, 'a note looks different from a reply (background or border)', `note ${noteLook} reply ${replyLook}`);
	await t.shot(agent, 'note-and-reply');

	await t.mustSee(messageWith(w, `${mark}-reply`, 'reply'), 'the customer gets the reply');
	ok(!(await w.locator('body').innerText()).includes(`${mark}-note`), 'the widget shows nothing of the note');
	const items = await w.locator('body').evaluate(() => window.__e2eStream || []);
	ok(items.some((i) => i.type === 'message' && i.data.includes(`${mark}-reply`)), 'the reply came to the widget by its push stream',
		`${items.length} items: ${items.map((i) => i.type).join(',')}`);
	ok(!items.some((i) => i.data.includes(`${mark}-note`)), 'the widget\'s push stream carried nothing of the note');
	const ticketKeys = new Set(items.filter((i) => i.type === 'ticket').flatMap((i) => Object.keys(JSON.parse(i.data).ticket || {})));
	// docs/chat.md says {id, number, status, agent_name}; the server sends the widget's own
	// conversation object (also subject, updated_at, csat), which is the customer's to see. What
	// must never reach a customer is the desk's inside: assignee, group, tags, priority, SLA...
	const allowedKeys = ['id', 'number', 'status', 'agent_name', 'subject', 'updated_at', 'csat'];
	ok(ticketKeys.size > 0 && [...ticketKeys].every((k) => allowedKeys.includes(k)),
		'ticket items on the widget stream carry only the conversation\'s public fields', [...ticketKeys].join(','));
	await t.shot(customer, 'widget-without-note');
	const session = await w.locator('body').evaluate(() => JSON.parse(localStorage.getItem('exdesk.session') || 'null'));
	const r = await fetch(`${t.server.url}/api/v1/widget/conversations/${ticket.id}/messages`, { headers: { 'X-Widget-Token': session && session.token } });
	const body = await r.text();
	ok(r.status === 200 && body.includes(`${mark}-reply`) && !body.includes(`${mark}-note`),
		'the widget API gives the customer the reply and not the note', `${r.status} ${body.slice(0, 200)}`);
	await customer.reload();
	const w2 = await openWidget(t, customer);
	await t.mustSee(messageWith(w2, `${mark}-reply`, 'reply'), 'after a reload the widget shows the conversation');
	ok(!(await w2.locator('body').innerText()).includes(`${mark}-note`), 'the reloaded widget shows nothing of the note');

	// Presence is the server's: what the agent chose is there after a reload.
	for (const status of ['away', 'online']) {
		await setPresence(agent, status);
		const stored = await t.until(async () => {
			const a = (await t.api('GET', `/api/v1/agents/${alice.id}`)).body.agent;
			return a.presence === status;
		}, 3000);
		ok(stored, `choosing ${status} is stored on the desk`);
		await agent.reload();
		await agent.getByTestId('view-unassigned').waitFor();
		const shown = await t.until(async () => (await presenceShown(agent)) === status, 3000);
		ok(shown, `presence ${status} survives a reload of the console`, await presenceShown(agent));
	}
	await t.shot(agent, 'after-reload');
});

await done();
