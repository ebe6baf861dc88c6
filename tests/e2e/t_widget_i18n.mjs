#!/usr/bin/env node
// t_widget_i18n — the widget speaks the customer's language: data-lang on the exchange's script
// tag first, else the browser's language, else English; the language menu in the widget switches
// it at once (the launcher's label on the host page too), keeps it across a reload, and tells
// the desk (the customer's language, so agents see it). Expected strings are copied from
// web/widget/i18n.js and widget.js, so a missing or broken translation fails here.
import { scenario, done, ok, hostExchangePage, openWidget, widgetFrame } from './lib.mjs';

const STRINGS = {
	en: { placeholder: 'Write a message…', human: 'Talk to a human', welcome: 'Hi! How can we help you today?', launcher: 'Open support chat',
		offline: 'Nobody is available right now. Our hours: {hours}.' },
	'zh-CN': { placeholder: '请输入消息…', human: '转人工客服', welcome: '您好！请问有什么可以帮您？', launcher: '打开在线客服',
		offline: '现在暂时没有客服在线。服务时间：{hours}。' },
	ja: { placeholder: 'メッセージを入力…', human: '担当者と話す', welcome: 'こんにちは！どのようなご用件でしょうか？', launcher: 'サポートチャットを開く',
		offline: 'ただいま対応できる担当者がおりません。対応時間：{hours}。' },
};

/** Checks that the open widget on page speaks lang; label says how it got there. */
async function speaks(t, page, lang, how) {
	const w = widgetFrame(page);
	const s = STRINGS[lang];
	const htmlLang = await w.locator('html').getAttribute('lang');
	const placeholder = await w.getByTestId('input').getAttribute('placeholder');
	const human = (await w.getByTestId('human').innerText()).trim();
	const welcome = (await w.locator('.intro-welcome').innerText().catch(() => '')).trim();
	const selected = await w.getByTestId('lang').inputValue();
	ok(htmlLang === lang && selected === lang, `${how}: the widget is in ${lang} (html lang and the language menu)`, `lang=${htmlLang} menu=${selected}`);
	ok(placeholder === s.placeholder, `${how}: the message box says "${s.placeholder}"`, placeholder);
	ok(human === s.human, `${how}: the human button says "${s.human}"`, human);
	ok(welcome === s.welcome, `${how}: the welcome says "${s.welcome}"`, welcome);
	// Nobody is signed in to the desk in these scenarios: the widget says so, with the desk's hours.
	const hours = (await (await fetch(`${t.server.url}/api/v1/widget/status`)).json()).hours;
	const offline = s.offline.replace('{hours}', hours);
	const banner = (await w.getByTestId('offline-banner').innerText().catch(() => '')).trim();
	ok(banner.startsWith(offline), `${how}: the offline banner says "${offline}…"`, banner);
	const label = await t.until(async () => {
		const l = await page.getByTestId('exdesk-launcher').getAttribute('aria-label');
		return l === s.launcher ? l : null;
	}, 3000);
	ok(label, `${how}: the launcher on the host page is labelled "${s.launcher}"`,
		await page.getByTestId('exdesk-launcher').getAttribute('aria-label'));
}

await scenario('widget language from data-lang', async (t) => {
	// An English browser on an exchange page that asks for Chinese: the page wins.
	const page = await t.newPage({ label: 'customer-en-browser', locale: 'en-US' });
	await hostExchangePage(t, page, { lang: 'zh-CN' });
	await openWidget(t, page);
	await speaks(t, page, 'zh-CN', 'data-lang="zh-CN" in an English browser');
	await t.shot(page, 'zh-CN-from-data-lang');

	// A Chinese browser on a page that asks for Japanese: still the page.
	const page2 = await t.newPage({ label: 'customer-zh-browser', locale: 'zh-CN' });
	await hostExchangePage(t, page2, { lang: 'ja' });
	await openWidget(t, page2);
	await speaks(t, page2, 'ja', 'data-lang="ja" in a Chinese browser');
	await t.shot(page2, 'ja-from-data-lang');
});

await scenario('widget language from the browser, and switching it', async (t) => {
	const page = await t.newPage({ label: 'customer-ja-browser', locale: 'ja-JP' });
	await page.goto(`${t.server.url}/demo/`);
	await openWidget(t, page);
	await speaks(t, page, 'ja', 'a Japanese browser on the demo page');
	await t.shot(page, 'ja-from-browser');

	const w = widgetFrame(page);
	await w.getByTestId('lang').selectOption('en');
	await speaks(t, page, 'en', 'after choosing English in the widget');
	await w.getByTestId('lang').selectOption('zh-CN');
	await speaks(t, page, 'zh-CN', 'after choosing 简体中文 in the widget');
	await t.shot(page, 'switched-to-zh-CN');

	// The choice is the customer's: it survives a reload of the exchange page.
	await page.reload();
	await openWidget(t, page);
	await speaks(t, page, 'zh-CN', 'after a reload');

	// The desk learns it: the customer's language is what the agents see on their tickets.
	const visitorId = await w.locator('body').evaluate(() => localStorage.getItem('exdesk.visitor_id'));
	const stored = await t.until(async () => {
		const r = await t.api('GET', '/api/v1/customers?limit=100');
		const c = (r.body.customers || []).find((x) => (x.identities || []).some((i) => i.value === visitorId));
		return c && c.language === 'zh-CN' ? c : null;
	}, 3000, 200);
	ok(stored, 'the customer\'s language is stored as zh-CN on the desk');
	// The widget says nothing in a language other than the chosen one: no English left over in
	// the visible chrome (a string missing from the zh-CN table would fall back to English).
	const chrome = (await w.locator('header, .intro, #composer').allInnerTexts()).join('\n');
	ok(!/[A-Za-z]{4,}/.test(chrome.replace(/EXD-\d+|简体中文|English|Español|Русский|Türkçe|Tiếng Việt|한국어|日本語|繁體中文/g, '')),
		'no English words left in the widget\'s header, welcome and composer in zh-CN', chrome.replace(/\s+/g, ' '));
});

await done();
