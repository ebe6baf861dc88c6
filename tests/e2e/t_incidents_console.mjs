#!/usr/bin/env node
// t_incidents_console — an incident as a support team runs it, against the demo exchange
// (docs/exchange/incidents.md): a supervisor declares it on the console's Incidents page and
// sees the open futures ticket linked; customers see the banner in the help center and in the
// widget, in English and Japanese, as text; the supervisor imports a compensation list (a bad
// one first: the line is named and nothing is stored), sees its SHA-256 and totals and no way
// to approve her own list; an admin in another browser approves it with the hash; the
// supervisor pays and every row shows paid, the exchange's balances up by exactly the amounts;
// a verified customer asks "Am I eligible?" in the help center, and a forged link is told it
// could not be verified.
import crypto from 'node:crypto';
import { scenario, done, ok, loginConsole, openWidget, tag } from './lib.mjs';

const EN = 'Some futures positions were liquidated at a wrong price. Affected users will be compensated.';
const JA = '一部の先物ポジションが誤った価格で清算されました。影響を受けた方には補償いたします。';
const CSV = 'uid,asset,amount,reason\n' +
	'10000003,USDT,25.5,"期货强平补偿, 第一批"\n' +
	'10000007,USDT,100,Liquidation refund\n';

async function available(t, uid, asset) {
	const r = await t.server.exchange.call('GET', `/v1/users/${uid}/balances`);
	const row = (r.body && r.body.balances || []).find((b) => b.asset === asset);
	return row ? row.available : '0';
}

/** a + b for decimal strings, exactly (BigInt in units of 10^-18). */
function addDec(a, b) {
	const units = (s) => { const [i, f = ''] = s.split('.'); return BigInt(i + f.padEnd(18, '0')); };
	const v = (units(a) + units(b)).toString().padStart(19, '0');
	const out = `${v.slice(0, -18)}.${v.slice(-18)}`.replace(/\.?0+$/, '');
	return out || '0';
}

await scenario('a supervisor declares an incident, an admin approves the compensation, it is paid', async (t) => {
	t.allowConsole(/status of 4(22|03)/); // the refused list and the forged lookup, answered on purpose
	const { sam, admin } = t.server.agents;
	const subject = `Futures position closed at a wrong price ${tag()}`;
	const created = await t.api('POST', '/api/v1/tickets', {
		subject, body: 'My BTCUSDT long was liquidated although the price never got there.',
		requester: { email: 'trader@example.com' }, category: 'futures',
	});
	t.must(created.status === 201, 'a futures ticket is open', created.text);

	// ---- declare on the console
	const sup = await t.newPage({ label: 'supervisor' });
	await loginConsole(t, sup, sam);
	await sup.getByTestId('nav-incidents').click();
	await t.mustSee(sup.getByTestId('declare-form'), 'the Incidents page shows the declare form');
	await sup.getByTestId('declare-title').fill('Stale mark price in the liquidation engine');
	await sup.getByTestId('declare-products').fill('futures');
	await sup.getByTestId('declare-keywords').fill('liquidated');
	await sup.getByTestId('declare-banner-en').fill(EN);
	await sup.getByTestId('declare-banner-ja').fill(JA);
	await sup.getByTestId('declare-submit').click();
	await t.mustSee(sup.getByTestId('incident-detail'), 'the declared incident opens');
	const incidentId = await sup.getByTestId('incident-detail').getAttribute('data-id');
	await t.seen(sup.getByTestId('linked-ticket').filter({ hasText: subject }), 'the open futures ticket is linked by the rule');
	await t.shot(sup, 'declared');

	// ---- one reply to every linked ticket
	const replyText = 'We found the cause: a stale mark price. Affected positions will be compensated.';
	await sup.getByTestId('reply-body').fill(replyText);
	await sup.getByTestId('reply-status').selectOption('pending');
	await sup.getByTestId('reply-submit').click();
	await t.seen(sup.getByTestId('reply-result').filter({ hasText: /Sent to 1 tickets/ }), 'the reply went to the linked ticket');
	const msgs = await t.api('GET', `/api/v1/tickets/${created.body.ticket.id}/messages`);
	ok((msgs.body.messages || []).filter((m) => m.kind === 'reply' && m.body === replyText).length === 1,
		'the ticket has the reply once, as typed');
	ok((await t.api('GET', `/api/v1/tickets/${created.body.ticket.id}`)).body.ticket.status === 'pending', 'and is pending');

	// ---- the banner, as customers see it
	const reader = await t.newPage({ label: 'reader' });
	await reader.goto(`${t.server.url}/help/en/`);
	const text = reader.getByTestId('incident-text');
	await t.mustSee(text, 'the help center shows the banner');
	ok((await text.textContent()) === EN, 'in English, as typed');
	await reader.goto(`${t.server.url}/help/ja/`);
	await t.seen(reader.getByTestId('incident-text').filter({ hasText: JA }), 'and in Japanese on the Japanese help center');
	ok((await reader.getByTestId('incident-text').getAttribute('lang')) === 'ja', 'marked as Japanese text');
	ok(!(await reader.content()).includes('Stale mark price'), 'the internal title is nowhere on the page');
	await t.shot(reader, 'help-banner-ja');

	for (const [locale, want] of [['ja', JA], ['en-US', EN]]) {
		const c = await t.newPage({ label: `widget-${locale}`, locale });
		await c.goto(`${t.server.url}/demo/`);
		const w = await openWidget(t, c);
		await t.seen(w.getByTestId('incident-banner-text').filter({ hasText: want }), `the widget shows the banner (${locale})`);
	}

	// ---- import: a bad list first, then the good one
	await sup.getByTestId('comp-csv').fill('uid,asset,amount,reason\n10000003,USDT,25.5,ok\n10000007,USDT,1.2.3,bad\n');
	await sup.getByTestId('comp-import').click();
	await t.seen(sup.locator('[data-testid="comp-error"][data-line="3"]'), 'a bad amount is named with its line');
	ok(await sup.getByTestId('comp-list').count() === 0, 'and no list was stored');
	await sup.getByTestId('comp-csv').fill(CSV);
	await sup.getByTestId('comp-import').click();
	const list = sup.getByTestId('comp-list');
	await t.mustSee(list, 'the list is imported');
	const hash = crypto.createHash('sha256').update(CSV).digest('hex');
	ok((await sup.getByTestId('comp-hash').textContent()) === hash, 'its SHA-256 is shown', hash);
	ok((await sup.getByTestId('comp-totals').textContent()).includes('125.5 USDT'), 'the USDT total is exact');
	ok(await sup.getByTestId('comp-row').filter({ hasText: '期货强平补偿, 第一批' }).count() === 1, 'the Chinese reason with its comma kept');
	await t.seen(sup.getByTestId('approve-note'), 'the importer is told another person must approve');
	ok(await sup.getByTestId('approve-form').count() === 0, 'and has no approve form');
	ok(await sup.getByTestId('pay-submit').count() === 0, 'nothing to pay before approval');

	// ---- an admin approves in another browser
	const adm = await t.newPage({ label: 'admin' });
	await loginConsole(t, adm, admin);
	await adm.goto(`${t.server.url}/console/#/incidents/${incidentId}`);
	await t.mustSee(adm.getByTestId('approve-form'), 'the admin sees the approve form');
	await adm.getByTestId('approve-hash').fill('0'.repeat(64));
	t.allowConsole(/status of 409/);
	await adm.getByTestId('approve-submit').click();
	await t.seen(adm.getByTestId('toast'), 'a wrong hash is refused');
	await adm.getByTestId('approve-hash').fill(hash);
	await adm.getByTestId('approve-submit').click();
	await t.seen(adm.locator('[data-testid="comp-list"][data-status="approved"]'), 'approved with the reviewed hash');
	await t.shot(adm, 'approved');

	// ---- the supervisor pays
	const b3 = await available(t, '10000003', 'USDT');
	const b7 = await available(t, '10000007', 'USDT');
	await sup.reload();
	await t.mustSee(sup.getByTestId('pay-submit'), 'the supervisor can pay the approved list');
	await sup.getByTestId('pay-submit').click();
	await t.seen(sup.locator('[data-testid="comp-list"][data-status="paid"]'), 'the list is paid');
	ok(await sup.locator('[data-testid="comp-row"][data-status="paid"]').count() === 2, 'both rows show paid');
	ok(await available(t, '10000003', 'USDT') === addDec(b3, '25.5'), '10000003 got exactly 25.5 USDT');
	ok(await available(t, '10000007', 'USDT') === addDec(b7, '100'), '10000007 got exactly 100 USDT');
	await t.shot(sup, 'paid');

	// ---- "Am I eligible?"
	const secret = (await t.api('GET', '/api/v1/settings/identity')).body.identity_secret;
	const mac = (uid) => crypto.createHmac('sha256', secret).update(uid).digest('hex');
	const cust = await t.newPage({ label: 'customer' });
	await cust.goto(`${t.server.url}/help/en/?uid=10000003&hash=${mac('10000003')}`);
	await t.mustSee(cust.getByTestId('eligibility-check'), 'a verified visitor gets "Am I eligible?"');
	await cust.getByTestId('eligibility-check').click();
	const result = cust.getByTestId('eligibility-result');
	await t.mustSee(result, 'the answer shows');
	const said = await result.textContent();
	ok(said.includes('25.5 USDT') && said.includes('paid') && (await result.getAttribute('data-eligible')) === 'true',
		'eligible: 25.5 USDT, paid', said);
	const other = await t.newPage({ label: 'not-eligible' });
	await other.goto(`${t.server.url}/help/en/?uid=10000004&hash=${mac('10000004')}`);
	await other.getByTestId('eligibility-check').click();
	await t.seen(other.locator('[data-testid="eligibility-result"][data-eligible="false"]'), 'a user not on the list is told so');
	const forged = await t.newPage({ label: 'forged' });
	await forged.goto(`${t.server.url}/help/en/?uid=10000003&hash=${mac('10000004')}`);
	await forged.getByTestId('eligibility-check').click();
	await t.seen(forged.locator('[data-testid="eligibility-result"][data-eligible="unknown"]'), 'a forged link is not answered');
	ok(!(await forged.getByTestId('eligibility-result').textContent()).includes('25.5'), 'and learns nothing of the amount');
	// ---- the page in the Chinese console
	const zh = await t.newPage({ label: 'supervisor-zh', locale: 'zh-CN' });
	await zh.addInitScript(() => localStorage.setItem('exdesk.uiLang', 'zh-CN'));
	await loginConsole(t, zh, sam);
	ok((await zh.getByTestId('nav-incidents').textContent()) === '事故', 'the Incidents button in Chinese');
	await zh.goto(`${t.server.url}/console/#/incidents/${incidentId}`);
	await t.mustSee(zh.getByTestId('comp-list'), 'the incident in the Chinese console');
	const zhText = await zh.getByTestId('incidents-page').innerText();
	for (const label of ['关联工单', '统一回复', '补偿', '已支付', '由 Ada Admin 批准'])
		ok(zhText.includes(label), `the label ${label} is Chinese`);
	for (const label of ['Linked tickets', 'One reply to all', 'Compensation', 'approved by'])
		ok(!zhText.includes(label), `no English "${label}" left`);
	await t.shot(zh, 'zh-CN');

	const plain = await t.newPage({ label: 'anonymous' });
	await plain.goto(`${t.server.url}/help/en/`);
	await t.mustSee(plain.getByTestId('incident-text'), 'an anonymous reader sees the banner');
	ok(await plain.getByTestId('eligibility-check').count() === 0, 'without the eligibility button');
}, { exchange: true, timeoutMs: 120000 });

await done();
