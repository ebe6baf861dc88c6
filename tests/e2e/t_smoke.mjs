#!/usr/bin/env node
// t_smoke — the e2e machinery itself: a real server, Debian's chromium through playwright-core,
// a page fetched and read, a screenshot, console errors caught. Fails fast and clearly when
// chromium or playwright-core is missing, before the chat scenarios would all fail for it.
import { scenario, done, ok } from './lib.mjs';

await scenario('smoke', async (t) => {
	const page = await t.newPage({ label: 'browser' });

	const health = await page.goto(`${t.server.url}/healthz`);
	ok(health.status() === 200, 'GET /healthz in the browser answers 200', health.status());
	const body = JSON.parse(await page.locator('body').innerText());
	ok(body.status === 'ok', '/healthz says {"status":"ok"}', JSON.stringify(body));

	// An API client asking for JSON gets the service description at / (a browser asking for a
	// page is sent on to the console).
	const root = await page.request.get(`${t.server.url}/`, { headers: { Accept: 'application/json' } });
	const info = await root.json().catch(() => ({}));
	ok(root.status() === 200 && info.name === 'exdesk' && info.api === '/api/v1', 'GET / (Accept: application/json) names exdesk and its API root', `${root.status()} ${JSON.stringify(info)}`);
	await t.shot(page, 'healthz');

	// The catcher works: an error the page logs is seen (and then forgiven for this check only).
	await page.evaluate(() => console.error('e2e-canary'));
	ok(page.errors.some((e) => e.includes('e2e-canary')), 'a console.error in the page is caught');
	page.errors = [];

	// The admin token of the seeded desk works, so scenarios can check what was stored.
	const me = await t.api('GET', '/api/v1/auth/me');
	ok(me.status === 200 && me.body.agent.email === 'admin@e2e.test', 'the seeded admin token works', me.status);
}, { timeoutMs: 30000 });

await done();
