#!/usr/bin/env node
// t_help_center — the public help center at /help/ (web/help, docs/help-center.md) as a customer
// uses it, with articles an admin made through the API: Chinese withdrawal articles ("提现…"),
// a Japanese one and a Vietnamese one.
//  - The language switcher turns the page Chinese (strings, <html lang>, the address).
//  - Typing 提现 shows the Chinese withdrawal articles as suggestions, the hits in <mark>; a
//    Japanese word being composed with an input method (real IME composition through Chromium's
//    DevTools protocol) sends no search until it is committed, and then finds the Japanese
//    article; Enter opens the results page, where titles and snippets carry the highlights.
//  - An article shows its Markdown rendered (heading, bold, list, link); "Yes" is counted by
//    the desk (helpful_yes, read back through the admin API).
//  - On a phone (390x844) nothing is wider than the screen on any page (home, results, an article
//    with a 150-character URL and TxID, the forms).
//  - The request form makes a ticket an agent sees (channel web, routed, the text as typed);
//    "check my request" shows its status and the agent's public reply, never the internal note.
//  - Markup in an article's title and body and in the search box shows as text: no element is
//    made from it and nothing runs (window.__pwned stays undefined).
// Expected strings are copied from web/help/i18n.js, so a missing translation fails here.
import { scenario, done, ok, tag } from './lib.mjs';

const ZH = { home: '我们能帮您什么？', submit: '提交工单', check: '查询工单', thanks: '感谢您的反馈！', search: '搜索' };
const JA = { sent: 'お問い合わせを受け付けました', open: '対応中' };

/** A published article through the admin API; resolves to its id. */
async function article(t, { title, body, locale, category = 'withdrawal' }) {
	const r = await t.api('POST', '/api/v1/kb/articles', { title, body, locale, category, status: 'published' });
	if (r.status !== 201) throw new Error(`POST /api/v1/kb/articles answered ${r.status}: ${r.text}`);
	return r.body.article.id;
}

async function seedArticles(t, k) {
	const ids = {};
	ids.pending = await article(t, {
		locale: 'zh-CN',
		title: `提现一直在审核中怎么办 ${k}`,
		body: `## 原因\n\n提现处于**审核中**通常有三个原因：\n\n- 安全审核\n- 网络拥堵\n- 新地址 24 小时限制\n\n详见 [提现限额](https://example.com/limits)。\n\nTxID 示例：\`0x${'a'.repeat(120)}\`\n\n长链接：https://example.com/${'x'.repeat(150)}\n`,
	});
	ids.cancel = await article(t, { locale: 'zh-CN', title: `如何取消提现 ${k}`, body: '进入 资产 → 历史记录，对待处理的提现点击“取消”。' });
	ids.ja = await article(t, { locale: 'ja', title: `出金が反映されない場合 ${k}`, body: '出金が反映されない場合は、ネットワークの混雑をご確認ください。' });
	ids.vi = await article(t, { locale: 'vi', title: `Rút tiền bị chậm ${k}`, body: 'Lệnh rút tiền có thể bị chậm khi mạng lưới quá tải.' });
	ids.other = await article(t, { locale: 'zh-CN', category: 'deposit', title: `充值未到账 ${k}`, body: '请确认网络和备注。' });
	return ids;
}

/** Whether the page is wider than its screen (anything sticking out to the right). */
async function overflow(page) {
	return page.evaluate(() => {
		const d = document.documentElement;
		let widest = '';
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.right > d.clientWidth + 1 && getComputedStyle(el).position !== 'absolute') {
				widest = `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`;
				break;
			}
		}
		return { scroll: d.scrollWidth, client: d.clientWidth, widest };
	});
}

async function fitsPhone(t, page, what) {
	const o = await overflow(page);
	ok(o.scroll <= o.client && !o.widest, `phone: nothing overflows horizontally on ${what}`, JSON.stringify(o));
}

/** Counts the page's calls to the public search, with their q. */
function watchSearches(page) {
	const seen = [];
	page.on('request', (req) => {
		const u = new URL(req.url());
		if (u.pathname === '/api/v1/help/search') seen.push(u.searchParams.get('q'));
	});
	return seen;
}

await scenario('search, suggestions, the language switcher, an article and its feedback', async (t) => {
	const k = tag();
	const ids = await seedArticles(t, k);
	const page = await t.newPage({ label: 'reader', locale: 'en-US' });
	const searches = watchSearches(page);
	await page.goto(`${t.server.url}/help/?lang=en`);
	await t.mustSee(page.getByRole('heading', { name: 'How can we help?' }), 'the help center opens in English from ?lang=en');
	ok(new URL(page.url()).pathname === '/help/en/', 'the address carries the language (/help/en/)', page.url());

	// The switcher: every string, <html lang>, the address.
	await page.getByTestId('lang').selectOption('zh-CN');
	await t.mustSee(page.getByRole('heading', { name: ZH.home }), 'the language switcher turns the page Chinese');
	ok((await page.locator('html').getAttribute('lang')) === 'zh-CN', '<html lang="zh-CN"> for Chinese fonts');
	ok(new URL(page.url()).pathname === '/help/zh-CN/', 'the address follows (/help/zh-CN/)', page.url());
	const nav = [await page.getByTestId('nav-submit').innerText(), await page.getByTestId('nav-check').innerText()];
	ok(nav[0] === ZH.submit && nav[1] === ZH.check, 'the navigation is Chinese too', nav.join(' | '));
	ok((await page.getByTestId('search-submit').innerText()).trim() === ZH.search, 'and the search button');
	await t.seen(page.getByTestId('category').filter({ hasText: '提现' }), 'the topics are listed with their Chinese names');
	await t.shot(page, 'home-zh-CN');

	// Typing 提现: the Chinese withdrawal articles as suggestions, hits marked.
	const box = page.getByTestId('search-input');
	await box.click();
	await box.pressSequentially('提现', { delay: 60 });
	const sug = page.getByTestId('suggestion');
	await t.mustSee(sug.filter({ hasText: `提现一直在审核中怎么办 ${k}` }), 'typing 提现 suggests "提现一直在审核中怎么办"');
	await t.seen(sug.filter({ hasText: `如何取消提现 ${k}` }), '... and "如何取消提现"');
	const sugTexts = await sug.allInnerTexts();
	ok(!sugTexts.some((s) => s.includes(`出金`) || s.includes('Rút')), 'no Japanese or Vietnamese article among them', sugTexts.join(' | '));
	const marks = await page.getByTestId('suggestions').locator('mark').allInnerTexts();
	ok(marks.length >= 2 && marks.every((m) => m === '提现'), 'the hits are highlighted with <mark>提现</mark>', marks.join(','));
	ok((await box.getAttribute('aria-expanded')) === 'true', 'the box says its list is open (aria-expanded)');
	await t.shot(page, 'suggestions-tixian');

	// The keyboard: down to the first suggestion, Escape closes the list.
	await box.press('ArrowDown');
	const active = await box.getAttribute('aria-activedescendant');
	ok(active && (await page.locator(`#${active}`).getAttribute('aria-selected')) === 'true', 'ArrowDown selects the first suggestion (aria-activedescendant)');
	await box.press('Escape');
	ok(await t.until(async () => (await box.getAttribute('aria-expanded')) === 'false', 1000), 'Escape closes the list');

	// A Japanese word being composed: nothing is searched until it is committed.
	await box.fill('');
	await page.waitForTimeout(300);
	const cdp = await page.context().newCDPSession(page);
	const before = searches.length;
	await box.focus();
	for (const step of ['し', 'しゅ', 'しゅっ', 'しゅっき', 'しゅっきん']) {
		await cdp.send('Input.imeSetComposition', { text: step, selectionStart: step.length, selectionEnd: step.length });
		await page.waitForTimeout(80);
	}
	await page.waitForTimeout(600); // three times the debounce
	const during = searches.slice(before);
	ok(during.length === 0, 'while a word is being composed (しゅっきん), nothing is searched', during.join(','));
	ok(await page.getByTestId('suggestions').isHidden(), '... and no suggestions show');
	await cdp.send('Input.insertText', { text: '出金' });
	await t.mustSee(sug.filter({ hasText: `出金が反映されない場合 ${k}` }), 'once committed (出金), the Japanese article is suggested');
	ok(searches.slice(before).every((q) => q === '出金'), 'only the committed word was searched', searches.slice(before).join(','));
	ok((await sug.first().getAttribute('lang')) === 'ja', 'the Japanese suggestion is marked lang="ja"');

	// Enter: the results page, with highlights in titles and snippets.
	await box.fill('');
	await box.pressSequentially('提现', { delay: 40 });
	await t.seen(sug.first(), 'suggestions again for 提现');
	await box.press('Enter');
	await t.mustSee(page.getByTestId('result').first(), 'Enter opens the results page');
	ok(new URL(page.url()).pathname === '/help/zh-CN/search' && new URL(page.url()).searchParams.get('q') === '提现', 'at /help/zh-CN/search?q=提现', page.url());
	const results = await page.getByTestId('result').allInnerTexts();
	ok(results.some((r) => r.includes(`提现一直在审核中怎么办 ${k}`)) && results.some((r) => r.includes(`如何取消提现 ${k}`)),
		'the results are the Chinese withdrawal articles', results.join(' | '));
	const titleMarks = await page.getByTestId('result-link').locator('mark').allInnerTexts();
	const snippetMarks = await page.getByTestId('result-snippet').locator('mark').allInnerTexts();
	ok(titleMarks.length >= 2 && titleMarks.every((m) => m === '提现'), 'titles highlight 提现', titleMarks.join(','));
	ok(snippetMarks.length >= 1 && snippetMarks.every((m) => m === '提现'), 'snippets highlight 提现', snippetMarks.join(','));
	ok(await page.locator('h1').innerText() === '“提现”的搜索结果', 'the heading names the query');
	await t.shot(page, 'results-tixian');

	// The article: Markdown rendered, and "yes" counted.
	await page.getByTestId('result-link').filter({ hasText: `提现一直在审核中怎么办 ${k}` }).click();
	await t.mustSee(page.getByTestId('article-title'), 'the article opens');
	ok(new URL(page.url()).pathname === `/help/zh-CN/articles/${ids.pending}`, 'at /help/zh-CN/articles/ID', page.url());
	const body = page.getByTestId('article-body');
	ok((await body.locator('h3').first().innerText()) === '原因', 'the "## 原因" heading is rendered (one level under the title)');
	ok((await body.locator('strong').first().innerText()) === '审核中', '**bold** is rendered');
	ok((await body.locator('li').count()) === 3, 'the list has its three items');
	ok((await body.locator('a').first().getAttribute('href')) === 'https://example.com/limits', 'the link keeps its address');
	const yes = page.getByTestId('helpful-yes');
	await yes.click();
	await t.mustSee(page.getByTestId('feedback-status').filter({ hasText: ZH.thanks }), '"有帮助" thanks the reader');
	const counted = await t.until(async () => {
		const r = await t.api('GET', `/api/v1/kb/articles/${ids.pending}`);
		return r.body && r.body.article && r.body.article.helpful_yes === 1;
	}, 3000);
	ok(counted, 'the desk counted the "yes" (helpful_yes = 1)');
	ok((await yes.getAttribute('aria-pressed')) === 'true', 'the pressed button says so (aria-pressed)');
	await t.shot(page, 'article-feedback');

	// Vietnamese without its accents finds the Vietnamese article.
	await page.goto(`${t.server.url}/help/vi/`);
	await page.getByTestId('search-input').pressSequentially('rut tien', { delay: 30 });
	await t.seen(page.getByTestId('suggestion').filter({ hasText: `Rút tiền bị chậm ${k}` }), '"rut tien" on the Vietnamese page suggests "Rút tiền bị chậm"');
});

await scenario('on a phone: reading, the request form, and checking the request', async (t) => {
	const k = tag();
	const ids = await seedArticles(t, k);
	const phone = await t.newPage({ label: 'phone', locale: 'ja-JP', viewport: { width: 390, height: 844 } });
	await phone.goto(`${t.server.url}/help/`);
	await t.mustSee(phone.getByRole('heading', { name: 'どのようなことでお困りですか？' }), 'a Japanese browser gets the Japanese help center');
	await t.seen(phone.getByTestId('category').first(), 'the topics are listed');
	await fitsPhone(t, phone, 'the home page');
	await phone.goto(`${t.server.url}/help/zh-CN/search?q=${encodeURIComponent('提现')}`);
	await t.seen(phone.getByTestId('result').first(), 'results on a phone');
	await fitsPhone(t, phone, 'the results page');
	await phone.goto(`${t.server.url}/help/zh-CN/articles/${ids.pending}`);
	await t.seen(phone.getByTestId('article-body'), 'an article on a phone');
	await fitsPhone(t, phone, 'an article with a 150-character URL and a 120-digit TxID');
	await t.shot(phone, 'phone-article');

	// The request form, in Japanese.
	await phone.goto(`${t.server.url}/help/ja/`);
	await phone.getByTestId('nav-submit').click();
	await t.mustSee(phone.getByTestId('request-form'), 'the request form opens from the navigation');
	await fitsPhone(t, phone, 'the request form');
	const email = `taro.${k}@example.jp`;
	const subject = `出金が届きません ${k}`;
	const description = `昨日 USDT を出金しました。\nネットワーク: TRC20\nTxID: 0x${'b'.repeat(64)}`;
	await phone.getByTestId('request-email').fill(email);
	await phone.getByTestId('request-name').fill('山田 太郎');
	await phone.getByTestId('request-subject').fill(subject);
	await phone.getByTestId('request-category').selectOption('withdrawal');
	await phone.getByTestId('request-description').fill(description);
	await t.shot(phone, 'request-form-filled');
	await phone.getByTestId('request-submit').click();
	// The form waits out the desk's minimum fill time (3 s from opening) before it sends.
	await t.mustSee(phone.getByTestId('request-sent').filter({ hasText: JA.sent }), 'the request is received', 8000);
	const number = (await phone.getByTestId('request-number').innerText()).trim();
	ok(/^EXD-\d+$/.test(number), `the page shows the request number (${number})`, number);
	await fitsPhone(t, phone, 'the confirmation');

	// The agent's side, through the API.
	const tr = await t.api('GET', `/api/v1/tickets/${number}`);
	ok(tr.status === 200, 'an agent sees the ticket by its number', tr.text);
	const tk = tr.body && tr.body.ticket;
	ok(tk && tk.channel === 'web' && tk.subject === subject && tk.language === 'ja' && tk.category === 'withdrawal',
		'channel web, the subject, language ja and category as chosen', JSON.stringify(tk && { c: tk.channel, s: tk.subject, l: tk.language, cat: tk.category }));
	ok(tk && tk.requester && tk.requester.email === email && tk.requester.name === '山田 太郎', 'the requester as typed', JSON.stringify(tk && tk.requester));
	const msgs = await t.api('GET', `/api/v1/tickets/${number}/messages`);
	ok(msgs.body && msgs.body.messages[0].body === description, 'the description arrives as typed, line breaks included');
	const reply = `ご不便をおかけしております。ネットワークの確認が取れました ${k}`;
	const note = `INTERNAL risk review ${k}`;
	ok((await t.api('POST', `/api/v1/tickets/${number}/reply`, { body: reply })).status === 201, 'the agent replies');
	ok((await t.api('POST', `/api/v1/tickets/${number}/notes`, { body: note })).status === 201, 'and leaves an internal note');

	// Check my request: from the confirmation's link, the number filled in.
	await phone.getByTestId('sent-check').click();
	await t.mustSee(phone.getByTestId('check-form'), 'the check form opens from the confirmation');
	ok((await phone.getByTestId('check-number').inputValue()) === number, 'with the number filled in');
	await phone.getByTestId('check-email').fill(email.toUpperCase());
	await phone.getByTestId('check-submit').click();
	await t.mustSee(phone.getByTestId('request-status'), 'the request is found with its number and email');
	const status = await phone.getByTestId('request-status').innerText();
	ok(status.includes(JA.open), `its status reads "${JA.open}"`, status);
	ok((await phone.getByTestId('request-subject').innerText()) === subject, 'its subject');
	const thread = await phone.getByTestId('request-message').allInnerTexts();
	ok(thread.length === 2 && thread[1].includes(reply), "the agent's public reply is shown", thread.join(' | '));
	ok(!(await phone.locator('body').innerText()).includes(note), 'the internal note is not');
	await fitsPhone(t, phone, 'the request and its conversation');
	await t.shot(phone, 'check-request');

	// A wrong email: the same answer as a wrong number, and nothing shown.
	t.allowConsole(/status of 404 .*\/api\/v1\/help\/requests\/lookup/);
	await phone.getByTestId('check-email').fill(`someone.${k}@example.jp`);
	await phone.getByTestId('check-submit').click();
	await t.mustSee(phone.getByTestId('check-error'), 'a wrong email shows an error');
	ok((await phone.getByTestId('request-result').innerText()).trim() === '', '... and nothing of the request');
});

await scenario('markup in articles and in the search box shows as text', async (t) => {
	const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
	const r = await t.api('POST', '/api/v1/kb/articles', {
		title: `提现 ${evil}`,
		locale: 'zh-CN',
		category: 'withdrawal',
		status: 'published',
		body: `提现说明 ${evil}\n\n<iframe src="javascript:window.__pwned=3"></iframe>\n\n[点我](javascript:window.__pwned=4) ![x](javascript:window.__pwned=5)\n`,
	});
	ok(r.status === 201, 'an admin saves an article with markup in its title and body', r.text);
	const id = r.body.article.id;
	const page = await t.newPage({ label: 'reader' });
	await page.goto(`${t.server.url}/help/zh-CN/articles/${id}`);
	await t.mustSee(page.getByTestId('article-title'), 'the article opens');
	ok((await page.getByTestId('article-title').innerText()) === `提现 ${evil}`, 'the title shows the markup as text');
	const made = await page.evaluate(() => ({
		img: document.querySelectorAll('main img').length,
		script: document.querySelectorAll('main script').length,
		iframe: document.querySelectorAll('iframe').length,
		js: Array.from(document.querySelectorAll('main a')).filter((a) => /^javascript:/i.test(a.getAttribute('href') || '')).length,
	}));
	ok(made.img === 0 && made.script === 0 && made.iframe === 0 && made.js === 0, 'no element is made from it, no javascript: link', JSON.stringify(made));

	// The search box and the results page.
	const box = page.getByTestId('search-input');
	await box.fill('');
	await box.pressSequentially('提现 <img', { delay: 20 });
	await box.press('Enter');
	await t.mustSee(page.locator('h1').filter({ hasText: '<img' }), 'a query with markup is shown as text in the heading');
	await page.goto(`${t.server.url}/help/zh-CN/search?q=${encodeURIComponent('提现')}`);
	await t.mustSee(page.getByTestId('result').first(), 'the article is found');
	const link = await page.getByTestId('result-link').first().innerText();
	ok(link.includes('<img src=x onerror='), 'its title in the results is text', link);
	ok((await page.locator('main img, main script').count()) === 0, 'no element made from it in the results');
	await page.goto(`${t.server.url}/help/zh-CN/search?q=${encodeURIComponent(evil)}`);
	await t.mustSee(page.getByTestId('results-status'), 'a results page for the markup itself');
	ok((await page.locator('h1').innerText()).includes('<script>'), 'the query shows literally');
	await page.waitForTimeout(300);
	ok((await page.evaluate(() => window.__pwned)) === undefined, 'nothing ran (window.__pwned is undefined)');
	await t.shot(page, 'xss-results');
});

await done();
