#!/usr/bin/env node
/* t_recovery_help — "Deposit not arrived?" in the help center against the demo exchange
 * (docs/exchange/recovery.md): uid 10000003's 250 XRP sent without its tag. The customer arrives
 * from the exchange's site with uid and user_hash in the address fragment, types a transaction
 * link instead of the hash and a memo with a letter and sees each field's error as they type,
 * corrects them, sends, and reads "credited" with the amount and the fee; the balance at the
 * exchange rose by exactly that. An agent sees the case's ticket in the console with the facts
 * note and the case panel (code, amount, no actions left). Once in English, once in Korean (every string of the page from the Korean table). */
import crypto from 'node:crypto';
import { scenario, done, ok, loginConsole, ticketRow, messageWith } from './lib.mjs';

const TX = '349478A8EB11EF467223BE5302395FD11DF21B56B9474939863B6B1F4B45438C';
const SHARED = 'rkdbX6eagaXDSGqk7V8w5WibMzTm6d9TZ';
const SENDER = 'rrw4jx2duNDE3mz6MYB3qbeHYvJithHH4';

const WORDS = {
	en: { title: 'Deposit not arrived?', url: 'Paste only the transaction ID, not the link.',
		memo: 'This memo / tag isn’t valid for this network.', status: 'Credited' },
	ko: { title: '입금이 안 되었나요?', url: '링크가 아닌 거래 ID만 붙여 넣어 주세요.',
		memo: '이 네트워크에서 유효하지 않은 메모/태그입니다.', status: '입금 완료' },
};

async function xrp(t) {
	const r = await t.server.exchange.call('GET', '/v1/users/10000003/balances');
	const b = (r.body.balances || []).find((x) => x.asset === 'XRP');
	return b ? Number(b.available) : 0;
}

for (const lang of ['en', 'ko']) {
	await scenario(`a customer recovers XRP sent without its tag (${lang})`, async (t) => {
		const w = WORDS[lang];
		let r = await t.api('PUT', '/api/v1/settings/recovery', { prices: { XRP: '2' } });
		ok(r.status === 200, `${lang}: the admin sets the XRP reference price`, r.text);
		r = await t.api('GET', '/api/v1/settings/identity');
		const hash = crypto.createHmac('sha256', r.body.identity_secret).update('10000003').digest('hex');
		const before = await xrp(t);

		const page = await t.newPage({ label: `customer-${lang}`, locale: lang, viewport: { width: 390, height: 844 } });
		await page.goto(`${t.server.url}/help/${lang}/recovery#uid=10000003&user_hash=${hash}`);
		await t.mustSee(page.getByRole('heading', { name: w.title }), `${lang}: the form's title is in the page's language`);
		ok(await page.getByTestId('recovery-identity').isVisible(), `${lang}: the page says who the exchange vouched for`);
		ok(!(await page.getByTestId('recovery-memo').isVisible()), `${lang}: no memo field before a memo network is chosen`);
		await page.getByTestId('recovery-asset').fill('XRP');
		await page.getByTestId('recovery-network').selectOption('XRP');
		ok(await page.getByTestId('recovery-memo').isVisible(), `${lang}: XRP shows the memo (tag) field`);
		await page.getByTestId('recovery-txid').fill(`https://xrpscan.com/tx/${TX}`);
		await t.seen(page.getByTestId('recovery-txid-error').filter({ hasText: w.url }), `${lang}: an explorer link is flagged as it is typed`);
		await page.getByTestId('recovery-memo').fill('10472x');
		await t.seen(page.getByTestId('recovery-memo-error').filter({ hasText: w.memo }), `${lang}: a tag with a letter is flagged`);
		await page.getByTestId('recovery-txid').fill(TX);
		await page.getByTestId('recovery-memo').fill('104729');
		await t.until(async () => (await page.getByTestId('recovery-txid-error').isHidden()) && (await page.getByTestId('recovery-memo-error').isHidden()));
		ok(await page.getByTestId('recovery-txid-error').isHidden(), `${lang}: the corrected fields are clean`);
		await page.getByTestId('recovery-address').fill(SHARED);
		await page.getByTestId('recovery-amount').fill('250');
		await page.getByTestId('recovery-sender').fill(SENDER);
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		ok(width <= 390, `${lang}: nothing overflows a phone screen (${width}px)`);
		await t.shot(page, 'form-filled');
		await page.getByTestId('recovery-submit').click();
		const result = page.locator('[data-testid="recovery-result"][data-state="credited"]');
		await t.mustSee(result, `${lang}: the customer sees the case credited`, 15000);
		const credited = await page.getByTestId('recovery-credited').textContent();
		const fee = await page.getByTestId('recovery-fee').textContent();
		ok(credited === '237.5 XRP' && fee === '12.5 XRP', `${lang}: with the amount and the fee`, `${credited} / ${fee}`);
		ok((await page.getByTestId('recovery-status').textContent()) === w.status, `${lang}: the status in the page's language`);
		const ref = await page.getByTestId('recovery-case-ref').textContent();
		ok(/^RC-[A-Z2-9]{10}$/.test(ref), `${lang}: a case reference to keep`, ref);
		await t.shot(page, 'credited');
		const after = await xrp(t);
		ok(Math.abs(after - before - 237.5) < 1e-9, `${lang}: the exchange balance rose by 237.5 XRP`, `${before} -> ${after}`);

		/* the status page, as the customer comes back to it */
		await page.getByTestId('recovery-check-case').click();
		await t.mustSee(page.getByTestId('recovery-check-form'), `${lang}: the link to the case's status page`);
		ok((await page.getByTestId('recovery-reference').inputValue()) === ref, `${lang}: with the reference filled in`);
		await page.getByTestId('recovery-check-submit').click();
		await t.seen(page.locator('[data-testid="recovery-result"][data-state="credited"]'), `${lang}: "check my case" shows it credited`);

		/* the agent's side */
		const agent = await t.newPage({ label: 'supervisor' });
		await loginConsole(t, agent, t.server.agents.sam);
		/* a case for the Recovery team: USDT sent on BSC to an ERC20 address (uid 10000005) */
		const hash5 = crypto.createHmac('sha256', (await t.api('GET', '/api/v1/settings/identity')).body.identity_secret).update('10000005').digest('hex');
		const filed = await fetch(`${t.server.url}/api/v1/help/recovery`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ asset: 'USDT', network: 'ETH', txid: '0x000ca5e52d62f3e87ffa6a9b507652fc01a5de0e937fa11cb0f3c0359ee539db',
				address: '0x04Ab0Fad493f822e5b40EC64b7eE069375fa351B', amount: '1200', sender: '0x9FEe06474613bE4B226cD477f03353896CF2e119',
				exchange_uid: '10000005', user_hash: hash5, language: 'vi' }) }).then((x) => x.json());
		ok(filed.case && filed.case.state === 'review', `${lang}: a wrong-network case goes to the Recovery team`, JSON.stringify(filed));
		await agent.getByTestId('view-recovery').click();
		await t.mustSee(ticketRow(agent, filed.case.reference), `${lang}: the Deposit recovery view lists the open case`);
		ok(await ticketRow(agent, ref).count() === 0, `${lang}: and not the credited (solved) one`);
		await agent.getByTestId('view-all').click();
		const row = ticketRow(agent, ref);
		await t.mustSee(row, `${lang}: the supervisor sees the case's ticket in the console`);
		await row.first().click();
		await t.seen(messageWith(agent, 'MEMO_MISSING', 'note'), `${lang}: with the facts as an internal note`);
		const panel = agent.locator('[data-testid="recovery-panel"][data-state="credited"]');
		await t.seen(panel, `${lang}: the case panel shows the case credited`);
		ok((await agent.getByTestId('recovery-code').textContent()) === 'MEMO_MISSING' &&
			(await agent.getByTestId('recovery-credit-amount').textContent()) === '237.5 XRP' &&
			(await agent.getByTestId('recovery-reference').textContent()) === ref,
			`${lang}: with its code, reference and the amount credited`);
		ok(await agent.getByTestId('recovery-approve').count() === 0 && await agent.getByTestId('recovery-retry').count() === 0,
			`${lang}: no approve or retry on a credited case`);
		await t.seen(messageWith(agent, '237.5', 'reply'), `${lang}: and the customer's answer as a reply`);
		await t.shot(agent, 'console');
	}, { exchange: true, timeoutMs: 90000 });
}
await done();
