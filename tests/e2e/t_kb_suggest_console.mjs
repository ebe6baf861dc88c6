#!/usr/bin/env node
// t_kb_suggest_console — "Suggested articles" beside the open ticket in the agent console. A
// customer writes in the widget that a deposit is missing; the agent opens the chat and sees
// the deposit articles suggested (not the withdrawal one), an article whose title is markup shown
// as text; "Insert link" puts the help center's address with the title into the reply box at the
// cursor; the agent sends it and the customer reads the address as text in the widget. When the
// customer writes again about a withdrawal, the panel brings the withdrawal article in by itself.
// By keyboard only: the panel folds and unfolds, "Insert text" puts the article's plain text
// (no Markdown marks) into the reply box. In the Chinese console a Chinese ticket "充值未到账"
// gets the Chinese deposit article first, a draft is marked 草稿, and every label is Chinese.
import { scenario, done, ok, loginConsole, setPresence, openWidget, ticketRow, messageWith, tag } from './lib.mjs';

async function article(t, a) {
	const r = await t.api('POST', '/api/v1/kb/articles', { status: 'published', ...a });
	if (r.status !== 201) throw new Error(`POST /api/v1/kb/articles answered ${r.status}: ${r.text}`);
	return r.body.article;
}

const composerValue = (page) => page.getByTestId('composer').inputValue();
const suggestion = (page, text) => page.getByTestId('kb-suggestion').filter({ hasText: text });
const titles = (page) => page.getByTestId('kb-suggestion-title').allInnerTexts();
const pwned = (page) => page.evaluate(() => window.__pwned);
const HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> Deposit FAQ';

await scenario('an agent answers a missing deposit with a suggested article', async (t) => {
	const bob = t.server.agents.bob;
	const credited = await article(t, {
		title: 'Deposit not credited: what to check', locale: 'en', category: 'deposit',
		body: 'Most **deposits** arrive within 30 minutes.\n\nCheck the [transaction](https://explorer.example/tx) hash and the `confirmations`.',
	});
	const network = await article(t, { title: 'Deposit sent to the wrong network', locale: 'en', body: 'A deposit on the wrong network can often be recovered.' });
	const withdrawal = await article(t, { title: 'Withdrawal pending review', locale: 'en', body: 'Large withdrawals are reviewed by the risk team.' });
	await article(t, { title: HOSTILE, locale: 'en', body: 'Deposit questions answered <b>here</b>.' });

	const agent = await t.newPage({ label: 'agent' });
	await loginConsole(t, agent, bob);
	await setPresence(agent, 'online');
	await agent.getByTestId('view-unassigned').click();

	const customer = await t.newPage({ label: 'customer' });
	await customer.goto(`${t.server.url}/demo/`);
	const w = await openWidget(t, customer);
	const question = `My USDT deposit is not credited, the deposit is missing ${tag()}`;
	await w.getByTestId('input').fill(question);
	await w.getByTestId('send').click();
	const row = ticketRow(agent, question);
	await t.mustSee(row, 'the chat reaches the agent');
	await row.first().click();
	await t.mustSee(messageWith(agent, question, 'customer'), 'the agent opens it');

	const panel = agent.getByTestId('kb-suggestions');
	await t.mustSee(panel, 'a "Suggested articles" panel is beside the conversation');
	ok((await agent.getByTestId('kb-suggestions-toggle').textContent()).includes('Suggested articles'), 'it is titled "Suggested articles"');
	await t.mustSee(suggestion(agent, credited.title), 'the deposit article is suggested');
	const shown = await titles(agent);
	ok(shown[0] === credited.title, 'the article about a deposit not credited comes first', shown.join(' | '));
	ok(shown.includes(network.title) && shown.includes(HOSTILE), 'the other deposit articles are suggested too', shown.join(' | '));
	ok(!shown.includes(withdrawal.title), 'the withdrawal article is not', shown.join(' | '));
	ok(await panel.locator('mark').filter({ hasText: /^Deposit$/ }).count() > 0, 'the matched words are marked');
	ok(await panel.locator('script, img').count() === 0, 'no element is made from a title with markup');
	ok((await suggestion(agent, 'Deposit FAQ').getByTestId('kb-suggestion-title').innerText()) === HOSTILE,
		'the title with <script> shows as text', await suggestion(agent, 'Deposit FAQ').innerText());
	ok((await agent.getByTestId('kb-suggestions-count').innerText()) === '(3)', 'the heading counts them',
		await agent.getByTestId('kb-suggestions-count').innerText());
	await t.shot(agent, 'suggested');

	// Insert link, at the cursor in what the agent is writing.
	const url = `${t.server.url}/help/en/articles/${credited.id}`;
	await agent.getByTestId('composer').fill('Hello! Please read  thanks.');
	await agent.getByTestId('composer').evaluate((el) => el.setSelectionRange(19, 19));
	await suggestion(agent, credited.title).getByTestId('kb-insert-link').click();
	const withLink = await composerValue(agent);
	ok(withLink === `Hello! Please read ${credited.title}: ${url} thanks.`,
		'"Insert link" puts the title and the help center address at the cursor', withLink);
	ok(await agent.getByTestId('composer').evaluate((el) => el === document.activeElement), 'the cursor is back in the reply box');
	ok((await agent.getByTestId('kb-suggestion-title').first().getAttribute('href')) === url, 'the title links to the same page');
	const help = await fetch(url);
	ok(help.status === 200 && /text\/html/.test(help.headers.get('content-type') || ''), 'the address is a help center page',
		`${help.status} ${help.headers.get('content-type')}`);
	await agent.getByTestId('send').click();
	await t.mustSee(messageWith(agent, url, 'reply'), 'the agent sends it');
	const got = messageWith(w, url, 'reply');
	await t.mustSee(got, 'the customer gets the address in the widget');
	ok((await got.first().innerText()).includes(`${credited.title}: ${url}`), 'with the title, as text', await got.first().innerText());
	const hrefs = await got.first().locator('a').evaluateAll((as) => as.map((a) => a.href));
	ok(hrefs.every((h) => h === url), 'any link made of it goes to that address only', hrefs.join(' '));
	await t.shot(customer, 'widget-link');

	// The customer writes again: the suggestions follow without a reload.
	const more = `Also my withdrawal is pending review for hours ${tag()}`;
	await w.getByTestId('input').fill(more);
	await w.getByTestId('send').click();
	await t.mustSee(messageWith(agent, more, 'customer'), 'the new customer message arrives');
	await t.mustSee(suggestion(agent, withdrawal.title), 'the withdrawal article is suggested after it, live');

	// Keyboard: fold, unfold, and insert the text of an article.
	const toggle = agent.getByTestId('kb-suggestions-toggle');
	await toggle.focus();
	await agent.keyboard.press('Enter');
	ok((await toggle.getAttribute('aria-expanded')) === 'false' && await agent.getByTestId('kb-suggestions-list').isHidden(),
		'Enter on the heading folds the panel');
	await agent.keyboard.press('Enter');
	ok((await toggle.getAttribute('aria-expanded')) === 'true' && await agent.getByTestId('kb-suggestions-list').isVisible(),
		'and unfolds it');
	const textButton = suggestion(agent, credited.title).getByTestId('kb-insert-text');
	let reached = false;
	for (let i = 0; i < 30 && !reached; i++) {
		await agent.keyboard.press('Tab');
		reached = await textButton.evaluate((el) => el === document.activeElement);
	}
	ok(reached, 'Tab reaches "Insert text" of the deposit article');
	await agent.getByTestId('composer').evaluate((el) => { el.value = ''; });
	await textButton.focus();
	await agent.keyboard.press('Enter');
	const want = 'Most deposits arrive within 30 minutes.\n\nCheck the transaction (https://explorer.example/tx) hash and the confirmations.';
	ok(await t.until(async () => (await composerValue(agent)) === want, 3000),
		'"Insert text" puts the article\'s plain text into the reply box (no Markdown marks)', await composerValue(agent));
	await t.shot(agent, 'text-inserted');

	ok(await pwned(agent) === undefined, 'nothing ran in the console');
	ok(await pwned(customer) === undefined, 'nothing ran on the exchange page');
	ok(await w.locator('body').evaluate(() => window.__pwned) === undefined, 'nothing ran in the widget');
}, { timeoutMs: 90000 });

await scenario('the Chinese console suggests Chinese articles for 充值未到账', async (t) => {
	const alice = t.server.agents.alice;
	const zh = await article(t, { title: '充值未到账怎么办', locale: 'zh-CN', body: '大部分**充值**会在 30 分钟内到账。请确认交易哈希。' });
	const zhDraft = await article(t, { title: '充值到账时间', locale: 'zh-CN', body: '不同网络的充值到账时间不同。', status: 'draft' });
	const zhWithdraw = await article(t, { title: '提现一直在审核中', locale: 'zh-CN', body: '大额提现需要风控审核。' });
	await article(t, { title: 'Deposit not credited', locale: 'en', body: 'Most deposits arrive within 30 minutes.' });
	const mk = await t.api('POST', '/api/v1/tickets', {
		subject: '充值未到账', body: `你好，我昨天充值了 500 USDT，到现在还没有到账 ${tag()}`, channel: 'web', language: 'zh-CN',
		requester: { email: `li.${tag()}@example.com`, name: '李伟', language: 'zh-CN' }, group_id: t.server.groupId,
	});
	t.must(mk.status === 201, 'setup: a Chinese ticket', mk.text);
	const ticket = mk.body.ticket;

	const page = await t.newPage({ label: 'agent-zh', locale: 'zh-CN', initScript: () => localStorage.setItem('exdesk.uiLang', 'zh-CN') });
	await loginConsole(t, page, alice);
	await page.goto(`${t.server.url}/console/#/ticket/${ticket.number}`);
	await t.mustSee(page.getByTestId('ticket-number').filter({ hasText: ticket.number }), 'the ticket opens');
	await t.mustSee(suggestion(page, zh.title), 'the Chinese deposit article is suggested');
	const shown = await titles(page);
	ok(shown[0] === zh.title, '"充值未到账怎么办" comes first', shown.join(' | '));
	ok(!shown.includes(zhWithdraw.title) && !shown.includes('Deposit not credited'), 'no withdrawal article, no English one', shown.join(' | '));
	const draft = suggestion(page, zhDraft.title);
	await t.mustSee(draft, 'the draft deposit article is suggested too');
	ok((await draft.getByTestId('kb-suggestion-draft').innerText()) === '草稿', 'marked 草稿');
	ok(await draft.getByTestId('kb-insert-link').isDisabled(), 'a draft has no link to insert');

	const panel = page.getByTestId('kb-suggestions');
	ok((await page.getByTestId('kb-suggestions-toggle').textContent()).includes('推荐文章'), 'the panel is titled 推荐文章');
	ok((await panel.getAttribute('aria-label')) === '推荐文章', 'and announced as 推荐文章');
	const text = await panel.innerText();
	ok(text.includes('插入链接') && text.includes('插入正文'), 'its buttons read 插入链接 and 插入正文', text);
	ok(!['Suggested articles', 'Insert link', 'Insert text', 'Draft'].some((en) => text.includes(en)), 'no English label is left', text);
	ok((await suggestion(page, zh.title).getByTestId('kb-insert-link').getAttribute('aria-label')) === `插入链接: ${zh.title}`,
		'each button says which article it inserts, in Chinese');
	await t.shot(page, 'suggested-zh');

	await suggestion(page, zh.title).getByTestId('kb-insert-link').click();
	const value = await composerValue(page);
	ok(value === `${zh.title}: ${t.server.url}/help/zh-CN/articles/${zh.id}`,
		'the link is the Chinese help center page, after the title', value);
}, { timeoutMs: 60000 });

await done();
