#!/usr/bin/env node
// t_reports_console — the console's exchange reports page (#/reports, web/console/reports.js)
// on a desk beside the demo exchange: after the desk screened the two withdrawals the exchange
// reported at its start (both held) and one deposit-recovery case was credited automatically
// (uid 10000003's XRP without its tag, through the public API as the help center files it),
// a supervisor opens Reports and reads what the API says: 2 screened, 2 held, the poisoning
// reason, one recovery case settled automatically (100%), $525.00 credited, $26.25 in fees;
// the period can be changed (a period before anything happened shows nothing); in the zh-CN
// console every label is Chinese.
import crypto from 'node:crypto';
import { scenario, done, ok, loginConsole, sleep } from './lib.mjs';

async function settled(t) {
	for (const end = Date.now() + 30000; Date.now() < end; await sleep(150)) {
		const ev = (await t.api('GET', '/api/v1/exchange/events?limit=100')).body.events || [];
		if (ev.length >= 5 && ev.every((e) => e.status !== 'new')) return;
	}
	t.must(false, 'the exchange\'s start events are worked');
}

async function fileXrp(t) {
	let r = await t.api('PUT', '/api/v1/settings/recovery', { prices: { XRP: '2.1' } });
	t.must(r.status === 200, 'the admin sets the XRP reference price', r.text);
	const secret = (await t.api('GET', '/api/v1/settings/identity')).body.identity_secret;
	const hash = crypto.createHmac('sha256', secret).update('10000003').digest('hex');
	r = await fetch(`${t.server.url}/api/v1/help/recovery`, {
		method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ asset: 'XRP', network: 'XRP', txid: '349478A8EB11EF467223BE5302395FD11DF21B56B9474939863B6B1F4B45438C',
			address: 'rkdbX6eagaXDSGqk7V8w5WibMzTm6d9TZ', memo: '104729', amount: '250', sender: 'rrw4jx2duNDE3mz6MYB3qbeHYvJithHH4',
			exchange_uid: '10000003', user_hash: hash, language: 'ko' }),
	}).then((x) => x.json());
	t.must(r.case && r.case.state === 'credited', 'the XRP case is credited automatically', JSON.stringify(r));
}

const value = async (page, id) => page.getByTestId(id).getAttribute('data-value');

await scenario('a supervisor reads the exchange reports', async (t) => {
	await settled(t);
	await fileXrp(t);
	const page = await t.newPage({ label: 'sam' });
	await loginConsole(t, page, t.server.agents.sam);
	await page.getByTestId('nav-reports').click();
	await t.mustSee(page.getByTestId('report-recovery'), 'the Reports button opens the page with the recovery report');
	ok(await page.getByTestId('conversation').count() === 0 || !(await page.locator('#conversation').isVisible()), 'the ticket panes step aside');
	ok(await value(page, 'rep-rec-cases') === '1', 'one recovery case');
	ok(await value(page, 'rep-rec-auto') === '1 (100%)', 'settled automatically, 100%', await value(page, 'rep-rec-auto'));
	ok(await value(page, 'rep-rec-manual') === '0', 'none by a person');
	ok((await value(page, 'rep-rec-value')).startsWith('525.00'), 'value credited $525.00 (250 XRP at 2.1)', await value(page, 'rep-rec-value'));
	ok((await value(page, 'rep-rec-fees')).startsWith('26.25'), 'fees $26.25 (5%)', await value(page, 'rep-rec-fees'));
	ok(await page.locator('[data-testid="rep-rec-table-row"][data-key="MEMO_MISSING"]').count() === 1, 'a row for MEMO_MISSING');
	await t.mustSee(page.getByTestId('report-holds'), 'the withdrawal screening report');
	ok(await value(page, 'rep-wh-screened') === '2' && await value(page, 'rep-wh-holds') === '2', 'two screened, two held',
		`${await value(page, 'rep-wh-screened')} / ${await value(page, 'rep-wh-holds')}`);
	ok(await value(page, 'rep-wh-open') === '2' && await value(page, 'rep-wh-released') === '0', 'both still held, none released');
	ok(await page.locator('[data-testid="rep-wh-table-row"][data-key="address_poisoning"]').count() === 1, 'the poisoning reason counted');
	await t.shot(page, 'reports');
	// A period before anything happened.
	await page.locator('#rep-from').fill('2020-01-01');
	await page.locator('#rep-to').fill('2020-01-31');
	await page.getByTestId('reports-show').click();
	await t.until(async () => (await value(page, 'rep-rec-cases')) === '0');
	ok(await value(page, 'rep-rec-cases') === '0' && await value(page, 'rep-wh-screened') === '0', 'January 2020: nothing');
	await page.getByTestId('reports-back').click();
	await t.mustSee(page.getByTestId('view-unassigned'), 'back to the tickets');
}, { exchange: true, timeoutMs: 90000 });

await scenario('the reports page in Chinese', async (t) => {
	await settled(t);
	const page = await t.newPage({ label: 'sam-zh', locale: 'zh-CN', initScript: () => localStorage.setItem('exdesk.uiLang', 'zh-CN') });
	await loginConsole(t, page, t.server.agents.sam);
	await page.goto(`${t.server.url}/console/#/reports`);
	await t.mustSee(page.getByTestId('report-holds'), 'the page opens from its address');
	const text = await page.getByTestId('reports-page').textContent();
	for (const zh of ['交易所报表', '充值找回', '自动处理', '人工处理', '提现风控', '已筛查', '已拦截', '已放行', '仍在拦截', '保护的价值'])
		ok(text.includes(zh), `zh-CN: ${zh}`);
	for (const en of ['Exchange reports', 'Deposit recovery', 'Screened', 'Still held', 'Value protected'])
		ok(!text.includes(en), `zh-CN: no "${en}" left`);
}, { exchange: true, timeoutMs: 60000 });

await done();
