#!/usr/bin/env node
/* t_recovery_widget — "Deposit not arrived?" in the chat widget against the demo exchange
 * (docs/exchange/recovery.md): uid 10000006, signed in on a pretend exchange page in Turkish
 * (data-uid, data-user-hash, data-lang="tr"), opens the recovery form from the widget's header,
 * sees the memo fields appear for TON and a mistyped address flagged as she types, sends her
 * 75 TON with the wrong memo, and sees the case credited (71.25 TON after a 3.75 TON fee) in her
 * list, in Turkish. */
import crypto from 'node:crypto';
import { scenario, done, ok, hostExchangePage, openWidget } from './lib.mjs';

const TX = '18e30d2fe544065055d4b1e06b973645e0cdecbcc9e72f73c0c5fbe863b169b6';
const SHARED = 'EQCB1SPb7l6ImpvegtUUW93-9MXfaq1BtD2WU9_P4ICL8fFc';
const SENDER = 'EQD6Uyt7AM0m5A_SYkjihuAm2u048Z7UvhU-sIw3MFJRJqxV';

await scenario('a verified customer recovers TON sent with the wrong memo from the widget (tr)', async (t) => {
	let r = await t.api('PUT', '/api/v1/settings/recovery', { prices: { TON: '5' } });
	ok(r.status === 200, 'the admin sets the TON reference price', r.text);
	r = await t.api('GET', '/api/v1/settings/identity');
	const hash = crypto.createHmac('sha256', r.body.identity_secret).update('10000006').digest('hex');
	const page = await t.newPage({ label: 'customer' });
	await hostExchangePage(t, page, { lang: 'tr', uid: '10000006', 'user-hash': hash });
	const w = await openWidget(t, page);
	const open = w.getByTestId('recovery-open');
	ok((await open.textContent()).trim() === 'Yatırımınız gelmedi mi?', 'the header offers the recovery form in Turkish');
	await open.click();
	await t.mustSee(w.getByTestId('recovery-form'), 'the form opens in the widget');
	ok(await w.getByTestId('recovery-memo').isHidden(), 'no memo field before a network is chosen');
	await w.getByTestId('recovery-asset').fill('TON');
	await w.getByTestId('recovery-network').selectOption('TON');
	ok(await w.getByTestId('recovery-memo').isVisible(), 'TON shows the memo fields');
	await w.getByTestId('recovery-address').fill(SHARED.slice(0, -1) + 'd');
	await t.seen(w.getByTestId('recovery-address-error').filter({ hasText: 'karakter' }), 'a mistyped address is flagged in Turkish');
	await w.getByTestId('recovery-address').fill(SHARED);
	await w.getByTestId('recovery-txid').fill(TX);
	await w.getByTestId('recovery-memo').fill('44710');
	await w.getByTestId('recovery-memo_used').fill('4471');
	await w.getByTestId('recovery-amount').fill('75');
	await w.getByTestId('recovery-sender').fill(SENDER);
	await t.until(async () => await w.getByTestId('recovery-address-error').isHidden());
	await w.getByTestId('recovery-submit').click();
	const done_ = w.locator('[data-testid="recovery-case"][data-state="credited"]');
	await t.mustSee(done_, 'the case is credited', 15000);
	const text = await done_.first().getByTestId('recovery-case-credited').textContent();
	ok(text.includes('71.25 TON') && text.includes('3.75 TON'), 'with the amount and the fee', text);
	ok((await done_.first().getByTestId('recovery-case-status').textContent()).includes('Hesaba geçti'), 'the status in Turkish');
	await t.shot(page, 'credited');
	r = await t.server.exchange.call('GET', '/v1/users/10000006/balances');
	const ton = (r.body.balances || []).find((b) => b.asset === 'TON');
	ok(ton && Number(ton.available) >= 71.25, 'the exchange holds the credit', JSON.stringify(ton));
}, { exchange: true, timeoutMs: 90000 });
await done();
