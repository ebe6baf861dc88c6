#!/usr/bin/env node
/* t_recovery_console — the second approval in the console's recovery case panel
 * (docs/exchange/recovery.md): uid 10000005's 1200 USDT sent on BSC to her ERC20 address is
 * routed to the Recovery team with a 60 USDT fee quote; with the threshold at $1,000 the admin's
 * credit waits for approval. The supervisor, in the Chinese console, finds the case in the
 * Deposit recovery view, sees the panel (code, quote, state) and the approve button, approves,
 * and the panel turns credited; the exchange balance rose by exactly 1140 USDT. The admin who
 * asked sees no approve button on the same case. */
import crypto from 'node:crypto';
import { scenario, done, ok, loginConsole, ticketRow } from './lib.mjs';

async function usdt(t) {
	const r = await t.server.exchange.call('GET', '/v1/users/10000005/balances');
	const b = (r.body.balances || []).find((x) => x.asset === 'USDT');
	return b ? Number(b.available) : 0;
}

await scenario('a supervisor approves a large recovery credit in the console (zh-CN)', async (t) => {
	let r = await t.api('PUT', '/api/v1/settings/recovery', { prices: { USDT: '1' }, second_approval_above_minor: 100000 });
	ok(r.status === 200, 'prices and a $1,000 threshold', r.text);
	const secret = (await t.api('GET', '/api/v1/settings/identity')).body.identity_secret;
	const hash = crypto.createHmac('sha256', secret).update('10000005').digest('hex');
	const filed = await fetch(`${t.server.url}/api/v1/help/recovery`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ asset: 'USDT', network: 'ERC20', txid: '0x000ca5e52d62f3e87ffa6a9b507652fc01a5de0e937fa11cb0f3c0359ee539db',
			address: '0x04Ab0Fad493f822e5b40EC64b7eE069375fa351B', amount: '1200', sender: '0x9FEe06474613bE4B226cD477f03353896CF2e119',
			exchange_uid: '10000005', user_hash: hash, language: 'vi' }) }).then((x) => x.json());
	ok(filed.case && filed.case.state === 'review', 'the case is routed', JSON.stringify(filed));
	const ref = filed.case.reference;
	const list = await t.api('GET', '/api/v1/recovery/cases');
	const id = list.body.cases.find((c) => c.reference === ref).id;
	r = await t.api('POST', `/api/v1/recovery/cases/${id}/credit`, { reason: 'same key on BSC' });
	ok(r.status === 200 && r.body.case.state === 'approval', 'the admin asks for the credit: it waits for approval', r.text);
	const before = await usdt(t);

	const admin = await t.newPage({ label: 'admin' });
	await loginConsole(t, admin, t.server.agents.admin);
	await admin.getByTestId('view-recovery').click();
	await ticketRow(admin, ref).first().click();
	await t.mustSee(admin.locator('[data-testid="recovery-panel"][data-state="approval"]'), 'admin: the panel shows the approval');
	ok(await admin.getByTestId('recovery-approve').count() === 0, 'admin: who asked for the credit has no approve button');

	const sup = await t.newPage({ label: 'supervisor-zh', initScript: () => localStorage.setItem('exdesk.uiLang', 'zh-CN') });
	await loginConsole(t, sup, t.server.agents.sam);
	await sup.getByTestId('view-recovery').click();
	await ticketRow(sup, ref).first().click();
	const panel = sup.locator('[data-testid="recovery-panel"][data-state="approval"]');
	await t.mustSee(panel, 'supervisor: the panel shows the case waiting for approval');
	ok((await sup.getByTestId('recovery-code').textContent()) === 'WRONG_NETWORK_SAME_FMT', 'supervisor: the code');
	ok((await sup.getByTestId('recovery-fee').textContent()).startsWith('60 USDT') &&
		(await sup.getByTestId('recovery-credit-amount').textContent()) === '1140 USDT', 'supervisor: the quote (60 USDT fee, 1140 to credit)');
	ok((await sup.getByTestId('recovery-state').textContent()) === '待审批', 'supervisor: the state in Chinese');
	const approve = sup.getByTestId('recovery-approve');
	ok((await approve.textContent()) === '批准入账 1140 USDT', 'supervisor: the approve button, in Chinese', await approve.textContent());
	await t.shot(sup, 'approval');
	await approve.click();
	await t.mustSee(sup.locator('[data-testid="recovery-panel"][data-state="credited"]'), 'supervisor: approved, the panel turns credited', 15000);
	await t.shot(sup, 'credited');
	const after = await usdt(t);
	ok(Math.abs(after - before - 1140) < 1e-9, 'the exchange balance rose by exactly 1140 USDT', `${before} -> ${after}`);
}, { exchange: true, timeoutMs: 90000 });
await done();
