#!/usr/bin/env node
// t_macros_console — canned replies in the agent console. A Japanese customer writes in the
// widget; the agent opens the chat, presses `m`, finds "deposit not arrived" among the macros
// it may see (not another group's), previews it in Japanese with the customer's name and the
// ticket number filled in, inserts it into the composer as text, edits it and sends; the
// customer reads exactly that in the widget; the ticket is pending and tagged as the macro says,
// live in the console, and the desk's trail has macro.apply. In the Chinese console every label of
// the control is Chinese; a macro previewed in another language, markup in a macro shown as
// text, and a macro whose actions the agent removes before sending (a plain reply, nothing else).
import {
	scenario, done, ok, loginConsole, setPresence, openWidget, ticketRow, messageWith, tag,
} from './lib.mjs';

/** The macros every scenario starts with (as the admin, through the API). */
async function seedMacros(t, { otherGroupMacro } = {}) {
	const deposit = await t.api('POST', '/api/v1/macros', {
		name: 'Deposit not arrived — ask for TxID',
		variants: {
			en: 'Hello {{customer.name}},\nplease send us the TxID of your deposit ({{ticket.number}}).\n{{agent.name}}, {{desk.name}}',
			ja: '{{customer.name}}様\n\nお問い合わせ（{{ticket.number}}）ありがとうございます。入金状況をお調べするため、送金のトランザクションID（TxID）をお送りください。\n\n{{desk.name}} {{agent.name}}',
			'zh-CN': '{{customer.name}}，您好！\n请提供充值的交易哈希（TxID），工单号 {{ticket.number}}。\n{{agent.name}}',
		},
		actions: { status: 'pending', add_tags: ['deposit', 'txid_requested'] },
	});
	if (deposit.status !== 201) throw new Error(`POST /macros answered ${deposit.status}: ${deposit.text}`);
	const thanks = await t.api('POST', '/api/v1/macros', {
		name: 'Thanks & solve',
		variants: { en: 'Thanks {{customer.name}}! <b>Solved</b> & closed soon.' },
		actions: { status: 'solved' },
	});
	if (thanks.status !== 201) throw new Error(`POST /macros answered ${thanks.status}: ${thanks.text}`);
	let hidden = null;
	if (otherGroupMacro) {
		const g = await t.api('POST', '/api/v1/groups', { name: 'VIP', tier: 'vip' });
		hidden = (await t.api('POST', '/api/v1/macros', {
			name: 'VIP deposit callback', group_id: g.body.group.id, variants: { en: 'We will call you.' },
		})).body.macro;
	}
	await t.api('PUT', '/api/v1/settings/mail', { name: 'Exdesk Demo' });
	return { deposit: deposit.body.macro, thanks: thanks.body.macro, hidden };
}

const composerValue = (page) => page.getByTestId('composer').inputValue();

await scenario('an agent answers a Japanese chat with the deposit macro', async (t) => {
	const bob = t.server.agents.bob; // speaks en and ja
	const { deposit, hidden } = await seedMacros(t, { otherGroupMacro: true });

	const agent = await t.newPage({ label: 'agent' });
	await loginConsole(t, agent, bob);
	await setPresence(agent, 'online');
	await agent.getByTestId('view-unassigned').click();

	const customer = await t.newPage({ label: 'customer', locale: 'ja' });
	await customer.goto(`${t.server.url}/demo/`);
	const w = await openWidget(t, customer);
	const question = `USDTを入金しましたが、まだ反映されていません ${tag()}`;
	await w.getByTestId('input').fill(question);
	await w.getByTestId('send').click();
	const row = ticketRow(agent, question);
	await t.mustSee(row, 'the Japanese chat reaches the agent\'s Unassigned view');
	const ticketId = Number(await row.first().getAttribute('data-id'));
	let ticket = (await t.api('GET', `/api/v1/tickets/${ticketId}`)).body.ticket;
	ok(ticket.language === 'ja', 'the chat is a Japanese ticket', ticket.language);
	// The exchange knows the customer: their name on file (as the verified widget would set it).
	const name = '山田 花子';
	const p = await t.api('PATCH', `/api/v1/customers/${ticket.requester.id}`, { name });
	t.must(p.status === 200, 'setup: the customer\'s name is on file', p.text);

	await row.first().click();
	await t.mustSee(messageWith(agent, question, 'customer'), 'the agent opens the chat');
	await agent.locator('.conv-scroll').click({ position: { x: 5, y: 5 } }); // out of any field
	await agent.keyboard.press('m');
	const picker = agent.getByTestId('macro-picker');
	await t.mustSee(picker, '`m` opens the Macros picker');
	ok(await agent.getByTestId('macro-search').evaluate((el) => el === document.activeElement),
		'the cursor is in the picker\'s search field');
	await t.until(async () => (await agent.getByTestId('macro-item').count()) >= 2, 3000);
	const names = await agent.getByTestId('macro-item').allInnerTexts();
	ok(names.some((n) => n.includes('Deposit not arrived')) && names.some((n) => n.includes('Thanks & solve')),
		'the picker lists the desk-wide macros', names.join(' | '));
	ok(!names.some((n) => n.includes(hidden.name)), 'and not the VIP group\'s macro the agent may not see', names.join(' | '));
	await t.shot(agent, 'picker');

	await agent.getByTestId('macro-search').fill('txid');
	ok(await t.until(async () => (await agent.getByTestId('macro-item').count()) === 1, 2000),
		'searching "txid" (a word of its texts) leaves only the deposit macro',
		(await agent.getByTestId('macro-item').allInnerTexts()).join(' | '));
	await agent.keyboard.press('Enter');
	const preview = agent.getByTestId('macro-preview');
	await t.mustSee(preview.filter({ hasText: `${name}様` }), 'Enter previews it in Japanese with the customer\'s name');
	const previewText = await preview.innerText();
	ok(previewText.includes(ticket.number) && previewText.includes('Exdesk Demo') && previewText.includes(bob.name),
		'the ticket number, the desk and the agent are filled in', previewText);
	ok(!previewText.includes('{{'), 'no template variable is left', previewText);
	ok(await agent.getByTestId('macro-locale').inputValue() === 'ja', 'the language shown is Japanese');
	const chips = (await agent.getByTestId('macro-picker').getByTestId('macro-chip').allInnerTexts()).join(' | ');
	ok(/pending/.test(chips) && chips.includes('+ deposit') && chips.includes('+ txid_requested') && /Public reply/.test(chips),
		'its actions are shown as chips: public reply, status pending, tags to add', chips);
	await t.shot(agent, 'preview-ja');

	await agent.getByTestId('macro-insert').click();
	await t.until(async () => (await composerValue(agent)).includes(`${name}様`), 2000);
	const inserted = await composerValue(agent);
	ok(inserted.startsWith(`${name}様\n\nお問い合わせ（${ticket.number}）`), 'Insert puts the Japanese text into the composer', inserted);
	ok(await picker.isHidden(), 'the picker closes');
	ok(await agent.getByTestId('composer').evaluate((el) => el === document.activeElement), 'the cursor is back in the composer');
	const attached = agent.getByTestId('macro-attached');
	ok(await attached.isVisible() && (await attached.innerText()).includes('Deposit not arrived'),
		'the macro stays attached above the text, with its chips', await attached.innerText().catch(() => ''));
	ok((await agent.getByTestId('send').innerText()).includes('pending'), 'Send says the ticket goes pending',
		await agent.getByTestId('send').innerText());

	// The agent edits before sending.
	const extra = `\n追記：確認でき次第ご連絡いたします。${tag()}`;
	await agent.getByTestId('composer').press('Control+End');
	await agent.getByTestId('composer').pressSequentially(extra);
	const final = await composerValue(agent);
	ok(final === inserted + extra, 'the agent\'s edit is in the composer', final);
	await t.shot(agent, 'edited');
	await agent.getByTestId('send').click();

	const sentLine = extra.trim();
	await t.mustSee(messageWith(agent, sentLine, 'reply'), 'the reply is in the console\'s timeline');
	await t.mustSee(messageWith(w, sentLine, 'reply'), 'the customer sees it in the widget');
	const seen = await messageWith(w, sentLine, 'reply').first().innerText();
	ok(seen.includes(`${name}様`) && seen.includes('トランザクションID') && seen.includes(ticket.number),
		'in Japanese, with their name and the ticket number', seen);
	await t.shot(customer, 'widget-reply');
	ok(await attached.isHidden(), 'the macro is no longer attached after sending');

	// What the macro did, as the console shows it (live) and as the desk stored it.
	ok(await t.until(async () => (await agent.getByTestId('status').inputValue()) === 'pending', 3000),
		'the console shows the ticket pending', await agent.getByTestId('status').inputValue());
	ok(await t.until(async () => (await agent.locator('[data-testid="tag"][data-tag="deposit"]').count()) === 1 &&
		(await agent.locator('[data-testid="tag"][data-tag="txid_requested"]').count()) === 1, 3000),
	'and tagged deposit and txid_requested');
	ticket = (await t.api('GET', `/api/v1/tickets/${ticketId}`)).body.ticket;
	ok(ticket.status === 'pending' && ticket.tags.includes('deposit') && ticket.tags.includes('txid_requested'),
		'the desk stored status pending and both tags', JSON.stringify([ticket.status, ticket.tags]));
	ok(ticket.assignee_id === bob.id, 'the reply made the chat the agent\'s', ticket.assignee_id);
	const msgs = (await t.api('GET', `/api/v1/tickets/${ticketId}/messages`)).body.messages;
	const reply = msgs.find((m) => m.kind === 'reply');
	ok(reply && reply.body === final && reply.author.id === bob.id, 'the stored reply is exactly the edited text, by the agent',
		reply && reply.body);
	const events = (await t.api('GET', `/api/v1/tickets/${ticketId}/events`)).body.events;
	const applied = events.find((e) => e.action === 'macro.apply');
	ok(applied && applied.object_id === deposit.id && applied.after.edited === true && applied.after.locale === 'ja' &&
		applied.after.message_id === reply.id, 'macro.apply is audited with the macro, the locale and the message',
	JSON.stringify(applied));
	await t.shot(agent, 'after-send');
}, { timeoutMs: 90000 });

await scenario('the Macros control in the Chinese console', async (t) => {
	const alice = t.server.agents.alice; // speaks en and zh-CN
	const { thanks } = await seedMacros(t);
	const mk = await t.api('POST', '/api/v1/tickets', {
		subject: `充值未到账 ${tag()}`, body: '我的USDT充值还没有到账', channel: 'web', language: 'zh-CN',
		requester: { email: `wang.${tag()}@example.com`, name: '王小明', language: 'zh-CN' }, group_id: t.server.groupId,
	});
	t.must(mk.status === 201, 'setup: a Chinese ticket in the agent\'s group', mk.text);
	const ticket = mk.body.ticket;

	const page = await t.newPage({ label: 'agent-zh', locale: 'zh-CN', initScript: () => localStorage.setItem('exdesk.uiLang', 'zh-CN') });
	await loginConsole(t, page, alice);
	await page.goto(`${t.server.url}/console/#/ticket/${ticket.number}`);
	await t.mustSee(page.getByTestId('ticket-number').filter({ hasText: ticket.number }), 'the Chinese ticket opens');
	const button = page.getByTestId('macros');
	ok((await button.innerText()).trim() === '快捷回复', 'the control is labelled 快捷回复', await button.innerText());
	ok((await button.getAttribute('title')) === '快捷回复（m）', 'its tooltip names the key, in Chinese', await button.getAttribute('title'));
	await button.click();
	await t.mustSee(page.getByTestId('macro-item').first(), 'the picker opens from the button');
	ok((await page.getByTestId('macro-search').getAttribute('placeholder')) === '搜索快捷回复…', 'the search field says 搜索快捷回复…');
	ok((await page.getByTestId('macro-picker').getAttribute('aria-label')) === '快捷回复', 'the picker is announced as 快捷回复');
	const listText = await page.getByTestId('macro-list').innerText();
	ok(listText.includes('全体可用'), 'desk-wide macros are marked 全体可用', listText);
	await page.getByTestId('macro-search').fill('不存在的');
	ok(await t.until(async () => (await page.getByTestId('macro-list').innerText()).includes('没有匹配的快捷回复。'), 2000),
		'a search that finds nothing says so in Chinese');
	await page.getByTestId('macro-search').fill('');
	await page.getByTestId('macro-item').filter({ hasText: 'Deposit not arrived' }).click();
	const preview = page.getByTestId('macro-preview');
	await t.mustSee(preview.filter({ hasText: '王小明，您好！' }), 'the preview is the Chinese text with the customer\'s name');
	const pickerText = await page.getByTestId('macro-picker').innerText();
	for (const zh of ['返回', '公开回复', '状态设为：等待客户', '发送时生效', '插入'])
		ok(pickerText.includes(zh), `the preview shows "${zh}"`, pickerText);
	const english = ['Back', 'Public reply', 'Set status', 'Applied when you send', 'Insert', 'Macros', 'Desk-wide'];
	ok(!english.some((w) => pickerText.includes(w)), 'no English label is left in the picker', pickerText);
	await t.shot(page, 'preview-zh');

	// Another language on request, then back.
	await page.getByTestId('macro-locale').selectOption('en');
	await t.mustSee(preview.filter({ hasText: 'Hello 王小明,' }), 'choosing English previews the English text');
	await page.getByTestId('macro-locale').selectOption('zh-CN');
	await t.mustSee(preview.filter({ hasText: '王小明，您好！' }), 'and Chinese again');
	await page.getByTestId('macro-insert').click();
	const attached = page.getByTestId('macro-attached');
	await t.mustSee(attached, 'the macro is attached');
	const attachedText = await attached.innerText();
	ok(attachedText.includes('快捷回复：Deposit not arrived') && attachedText.includes('发送时生效'),
		'the attached macro is described in Chinese', attachedText);
	ok((await page.getByTestId('send').innerText()).includes('发送回复 · 等待客户'), 'Send reads 发送回复 · 等待客户',
		await page.getByTestId('send').innerText());
	ok((await page.getByTestId('macro-detach').getAttribute('aria-label')) === '移除快捷回复的操作',
		'the remove button is labelled in Chinese');
	await t.shot(page, 'attached-zh');

	// The agent keeps the text but not the actions: a plain reply.
	await page.getByTestId('macro-detach').click();
	ok(await attached.isHidden(), 'removing the actions hides the chips');
	ok(await page.getByTestId('send-status').isVisible(), 'the usual "and set" status control is back');
	const text = await composerValue(page);
	ok(text.startsWith('王小明，您好！'), 'the inserted text stays', text);
	await page.getByTestId('send').click();
	await t.mustSee(messageWith(page, '请提供充值的交易哈希', 'reply'), 'the reply is sent');
	const events = (await t.api('GET', `/api/v1/tickets/${ticket.id}/events`)).body.events;
	const after = (await t.api('GET', `/api/v1/tickets/${ticket.id}`)).body.ticket;
	ok(!events.some((e) => e.action === 'macro.apply') && after.status === 'open' && !after.tags.includes('deposit'),
		'no macro was applied: open, untagged', JSON.stringify([after.status, after.tags]));

	// Markup in a macro is text everywhere.
	await page.getByTestId('macros').click();
	await page.getByTestId('macro-item').filter({ hasText: thanks.name }).click();
	await t.mustSee(preview.filter({ hasText: '<b>Solved</b>' }), 'a macro\'s "<b>" shows as text in the preview');
	ok(await preview.locator('b').count() === 0, 'no element is made from it');
	const fallbackNote = await page.getByTestId('macro-notes').innerText();
	ok(fallbackNote.includes('没有简体中文版本') && fallbackNote.includes('English'),
		'a macro without Chinese says it shows the default (English) instead', fallbackNote);
	await page.keyboard.press('Escape');
	await page.keyboard.press('Escape');
	ok(await page.getByTestId('macro-picker').isHidden(), 'Esc goes back, Esc again closes the picker');
	await page.getByTestId('macros').click();
	await t.mustSee(page.getByTestId('macro-item').first(), 'the button opens it again');
	await page.getByTestId('macros').click();
	ok(await page.getByTestId('macro-picker').isHidden(), 'and closes it');
	await page.getByTestId('macros').click();
	await t.mustSee(page.getByTestId('macro-item').first(), 'open once more');
	await page.getByTestId('timeline').click();
	ok(await page.getByTestId('macro-picker').isHidden(), 'a click elsewhere closes it');
	// `n` starts a note: a public macro attached then loses its actions rather than post a reply.
	await page.getByTestId('macros').click();
	await page.getByTestId('macro-item').filter({ hasText: 'Deposit not arrived' }).click();
	await page.getByTestId('macro-insert').click();
	await t.mustSee(attached, 'a public macro attached again');
	await page.getByTestId('composer').press('Escape');
	await page.keyboard.press('n');
	ok(await attached.isHidden() && (await page.getByTestId('mode-note').getAttribute('aria-pressed')) === 'true',
		'`n` turns it into a note and drops the public macro\'s actions');
}, { timeoutMs: 90000 });

await done();
