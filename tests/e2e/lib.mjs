// tests/e2e/lib.mjs — what the end-to-end scenarios share.
//
// Each scenario gets a real exdesk server (EXDESK_BIN, default build/exdesk) on a free loopback
// port with a fresh data dir in /tmp, and its own browser contexts (one per person) in a headless
// Debian chromium that the program's scenarios share, driven by playwright-core (no browser is
// ever downloaded). Checks print `ok - what` / `not ok - what`
// lines that tests/run counts; the program exits non-zero if any check failed. Screenshots of the
// steps that matter go to $EXDESK_ARTIFACTS/<program>/<scenario>/ (default /tmp/exdesk-artifacts),
// plus one of every open page when a scenario fails. Console errors and uncaught page errors of
// every page are failures unless a scenario declares them expected (t.allowConsole).
// The server and the browser are stopped whatever happens: failure, timeout, SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// A missing piece of the machine is one clear failure, not a stack trace per scenario.
let chromium;
try {
	({ chromium } = await import('playwright-core'));
} catch (e) {
	console.log(`not ok - playwright-core is not installed (${e.code || e.message}): run scripts/install-deps, or npm ci in the repo root`);
	process.exit(1);
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.resolve(ROOT, process.env.EXDESK_BIN || 'build/exdesk');
export const CHROMIUM = process.env.EXDESK_CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = process.env.EXDESK_ARTIFACTS || '/tmp/exdesk-artifacts';
const KEEP = process.env.EXDESK_KEEP_DATA === '1';
const HEADED = process.env.EXDESK_HEADED === '1';
const PROGRAM = path.basename(process.argv[1] || 'e2e', '.mjs');
// Everyone in the default desk signs in with this (exdesk wants at least 10 characters).
export const PASSWORD = 'e2e-password-1';
// How long a single wait for something on a page may take before the check fails.
export const WAIT_MS = Number(process.env.EXDESK_E2E_WAIT_MS || 5000);

// ---- counting ---------------------------------------------------------------------------------
let passed = 0;
let failed = 0;
let current = null; // the running scenario, for failure screenshots

function oneLine(s) {
	return String(s).replace(/\s+/g, ' ').trim().slice(0, 300);
}

const T0 = Date.now();
const TRACE = process.env.EXDESK_E2E_TRACE === '1'; // elapsed time before every check

/** ok(cond, what[, detail]) prints `ok - what` or `not ok - what (detail)` and returns cond. */
export function ok(cond, what, detail) {
	if (TRACE) console.log(`# t=${Date.now() - T0} ms`);
	if (cond) {
		passed++;
		console.log(`ok - ${oneLine(what)}`);
	} else {
		failed++;
		console.log(`not ok - ${oneLine(what)}${detail !== undefined ? ` (${oneLine(detail)})` : ''}`);
		if (current) current.failedHere = true;
	}
	return !!cond;
}

/** A comment line: ignored by tests/run, kept in the log. */
export function note(s) {
	for (const line of String(s).split('\n')) console.log(`# ${line}`);
}

/** Thrown by t.must: the check already printed its `not ok`, the scenario stops here. */
class Stop extends Error {}

// ---- processes to clean up on any exit ---------------------------------------------------------
const servers = new Set();
function killAllNow() {
	for (const s of servers) {
		try {
			s.proc.kill('SIGKILL');
		} catch {}
	}
}
process.on('exit', killAllNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(sig, () => {
		console.log(`not ok - ${PROGRAM} stopped by ${sig}`);
		killAllNow(); // playwright closes its browsers on these signals by itself
		process.exit(1);
	});
}
process.on('unhandledRejection', (e) => {
	// A timed-out scenario's body goes on until the browser is closed under it; its errors then
	// are expected. Anything else is a bug in the test.
	if (current && !current.closing) ok(false, `unhandled rejection in ${current.name}`, e && e.stack);
});

// ---- the server --------------------------------------------------------------------------------
/** A loopback TCP port nobody listens on right now (for a server of the test's own). */
export function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

/** Runs an exdesk CLI command to completion; returns stdout; throws with its output on failure. */
export function exdesk(args, input) {
	const r = spawnSync(BIN, args, { input: input ?? '', encoding: 'utf8', timeout: 30000 });
	if (r.error) throw new Error(`exdesk ${args.join(' ')}: ${r.error.message}`);
	if (r.status !== 0)
		throw new Error(`exdesk ${args.join(' ')} exited ${r.status}: ${oneLine(r.stderr || r.stdout)}`);
	return r.stdout.trim();
}

/**
 * The desk every scenario starts with unless it asks for the demo desk: one group, Chat, that
 * new chats go to (PUT /api/v1/settings/chat, once the server is up), two agents in it, a
 * supervisor and an admin (whose API token scenarios use to set up and check).
 */
export const DESK = {
	group: { name: 'Chat', tier: 'L1', languages: 'en,zh-CN,ja' },
	admin: { email: 'admin@e2e.test', name: 'Ada Admin', role: 'admin' },
	alice: { email: 'alice@e2e.test', name: 'Alice Chen', role: 'agent', languages: 'en,zh-CN' },
	bob: { email: 'bob@e2e.test', name: 'Bob Tanaka', role: 'agent', languages: 'en,ja' },
	sam: { email: 'sam@e2e.test', name: 'Sam Supervisor', role: 'supervisor', languages: 'en' },
};

function seedDesk(dir) {
	const g = DESK.group;
	const groupId = Number(exdesk(['group', 'add', '--data', dir, '--name', g.name, '--tier', g.tier, '--languages', g.languages]));
	const agents = {};
	for (const key of ['admin', 'alice', 'bob', 'sam']) {
		const a = DESK[key];
		const args = ['user', 'add', '--data', dir, '--email', a.email, '--name', a.name, '--role', a.role];
		if (a.languages) args.push('--groups', g.name, '--languages', a.languages);
		args.push('--password-stdin');
		agents[key] = { ...a, id: Number(exdesk(args, PASSWORD + '\n')), password: PASSWORD };
	}
	const token = exdesk(['token', 'create', '--data', dir, '--email', DESK.admin.email, '--name', 'e2e']);
	return { groupId, agents, token };
}

/**
 * Starts `exdesk serve` on a fresh data dir. opts.demo: seed the demo desk (seed-demo: password
 * exdesk-demo, admin@demo.exdesk ...) instead of DESK; opts.env: extra environment; opts.args:
 * extra `serve` arguments (e.g. ['--lmtp', '127.0.0.1:2424']); opts.exchange: also run
 * `exdesk demo-exchange` (its data in DIR/exchange, its webhooks to this desk) and connect the
 * desk to it (`--exchange`, `--exchange-secrets`). Resolves to
 * {url, port, dir, proc, log, groupId, agents, token, exchange?}; exchange is
 * {url, dir, secrets, call(method, target, body)}: a request signed the way docs/connector.md
 * says (for the demo controls: /v1/demo/withdrawals ...).
 */
export async function startServer(opts = {}) {
	if (!fs.existsSync(BIN)) throw new Error(`${BIN} is not built`);
	const dir = fs.mkdtempSync('/tmp/exdesk-e2e-');
	let desk;
	if (opts.demo) {
		exdesk(['seed-demo', '--data', dir]);
		const token = exdesk(['token', 'create', '--data', dir, '--email', 'admin@demo.exdesk', '--name', 'e2e']);
		desk = { token, agents: {}, groupId: null };
	} else {
		exdesk(['migrate', '--data', dir]);
		desk = seedDesk(dir);
	}
	const log = path.join(dir, 'server.log');
	for (let attempt = 1; ; attempt++) {
		const port = await freePort();
		let exchange = null, exArgs = [];
		if (opts.exchange) {
			exchange = await startExchange(dir, `http://127.0.0.1:${port}/api/v1/exchange/webhook`);
			exArgs = ['--exchange', exchange.url, '--exchange-secrets', exchange.secrets];
			desk.exchange = exchange;
		}
		const fd = fs.openSync(log, 'a');
		const proc = spawn(BIN, ['serve', '--data', dir, '--listen', `127.0.0.1:${port}`, ...exArgs, ...(opts.args || [])], {
			stdio: ['ignore', fd, fd],
			env: { ...process.env, ...(opts.env || {}) },
		});
		fs.closeSync(fd);
		const srv = { url: `http://127.0.0.1:${port}`, port, dir, proc, log, exited: null, ...desk };
		servers.add(srv);
		proc.on('exit', (code, sig) => (srv.exited = sig || code));
		const deadline = Date.now() + 10000;
		let up = false;
		while (!up && srv.exited === null && Date.now() < deadline) {
			try {
				up = (await fetch(`${srv.url}/healthz`)).ok;
			} catch {}
			if (!up) await sleep(50);
		}
		if (up) {
			try {
				if (!opts.demo) await chatGoesTo(srv, desk.groupId);
			} catch (e) {
				await stopServer(srv);
				throw e;
			}
			return srv;
		}
		servers.delete(srv);
		proc.kill('SIGKILL');
		if (exchange) await stopServer(exchange.srv);
		// Someone may have taken the port between freePort() and the bind: try another.
		if (attempt >= 3 || srv.exited === null)
			throw new Error(`exdesk serve did not answer /healthz (exit ${srv.exited}): ${tail(log, 10)}`);
	}
}

/** `exdesk demo-exchange` in DIR/exchange on a free port, webhooks to hook; waits for /healthz. */
async function startExchange(deskDir, hook) {
	const dir = path.join(deskDir, 'exchange');
	fs.mkdirSync(dir, { recursive: true });
	const log = path.join(dir, 'exchange.log');
	for (let attempt = 1; ; attempt++) {
		const port = await freePort();
		const fd = fs.openSync(log, 'a');
		const proc = spawn(BIN, ['demo-exchange', '--data', dir, '--listen', `127.0.0.1:${port}`, '--webhook', hook], {
			stdio: ['ignore', fd, fd],
		});
		fs.closeSync(fd);
		const srv = { url: `http://127.0.0.1:${port}`, port, dir, proc, log, exited: null, keepDir: true };
		servers.add(srv);
		proc.on('exit', (code, sig) => (srv.exited = sig || code));
		const deadline = Date.now() + 10000;
		let up = false;
		while (!up && srv.exited === null && Date.now() < deadline) {
			try {
				up = (await fetch(`${srv.url}/healthz`)).ok;
			} catch {}
			if (!up) await sleep(50);
		}
		if (up) {
			const secrets = path.join(dir, 'secrets');
			const kv = Object.fromEntries(fs.readFileSync(secrets, 'utf8').split('\n')
				.filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
			const call = async (method, target, body) => {
				const text = body === undefined ? '' : JSON.stringify(body);
				const ts = String(Math.floor(Date.now() / 1000));
				const nonce = crypto.randomBytes(16).toString('hex');
				const bodyHash = crypto.createHash('sha256').update(text).digest('hex');
				const canon = ['EXDESK1-HMAC-SHA256', method, target, kv.api_key, ts, nonce, bodyHash].join('\n');
				const sig = crypto.createHmac('sha256', kv.api_secret).update(canon).digest('hex');
				const headers = { 'X-Exdesk-Key': kv.api_key, 'X-Exdesk-Timestamp': ts, 'X-Exdesk-Nonce': nonce, 'X-Exdesk-Signature': sig };
				if (body !== undefined) headers['Content-Type'] = 'application/json';
				const r = await fetch(srv.url + target, { method, headers, body: body === undefined ? undefined : text });
				const raw = await r.text();
				let json = null;
				try { json = JSON.parse(raw); } catch {}
				return { status: r.status, body: json, text: raw };
			};
			return { url: srv.url, dir, secrets, srv, call };
		}
		servers.delete(srv);
		proc.kill('SIGKILL');
		if (attempt >= 3 || srv.exited === null)
			throw new Error(`exdesk demo-exchange did not answer /healthz (exit ${srv.exited}): ${tail(log, 10)}`);
	}
}

/** The admin's one setting for chat: which group new chats go to (docs/chat.md). */
async function chatGoesTo(srv, groupId) {
	const r = await fetch(`${srv.url}/api/v1/settings/chat`, {
		method: 'PUT',
		headers: { Authorization: `Bearer ${srv.token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ group_id: groupId }),
	});
	if (r.status !== 200) throw new Error(`PUT /api/v1/settings/chat {group_id: ${groupId}} answered ${r.status}: ${await r.text()}`);
}

async function stopServer(srv) {
	if (!srv) return;
	if (srv.exited === null) {
		srv.proc.kill('SIGTERM');
		const deadline = Date.now() + 5000;
		while (srv.exited === null && Date.now() < deadline) await sleep(20);
		if (srv.exited === null) {
			ok(false, 'server stops within 5 s of SIGTERM');
			srv.proc.kill('SIGKILL');
		}
	}
	servers.delete(srv);
	if (srv.exchange) await stopServer(srv.exchange.srv);
	if (srv.keepDir) return; /* inside the desk's dir, removed with it */
	if (!KEEP) fs.rmSync(srv.dir, { recursive: true, force: true });
	else note(`kept data dir and server log: ${srv.dir}`);
}

function tail(file, n) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
	} catch {
		return '';
	}
}

export function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

/** Resolves after ms without keeping the process alive (for races against a hang). */
function grace(ms) {
	return new Promise((r) => setTimeout(r, ms).unref());
}

// ---- the scenario ------------------------------------------------------------------------------
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
];

function slug(s) {
	return String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

let browser = null; // one chromium per program, shared by its scenarios (a context per person)

async function getBrowser() {
	if (!browser || !browser.isConnected())
		browser = await chromium.launch({ executablePath: CHROMIUM, headless: !HEADED, args: CHROMIUM_ARGS, timeout: 30000 });
	return browser;
}

async function closeBrowser() {
	const b = browser;
	browser = null;
	if (b) await Promise.race([b.close().catch(() => {}), grace(10000)]);
}

class Scenario {
	constructor(name) {
		this.name = name;
		this.dir = path.join(ARTIFACTS, PROGRAM, slug(name));
		fs.rmSync(this.dir, { recursive: true, force: true }); // the last run's pictures only
		this.shots = 0;
		this.pages = [];
		this.contexts = [];
		this.hosts = []; // the test's own little HTTP servers (hostExchangePage)
		// Chromium asks every origin for /favicon.ico by itself; a 404 there is no page's fault.
		this.allowed = [/status of 404 .* @ \S*\/favicon\.ico$/];
		this.failedHere = false;
		this.closing = false;
		this.whys = [];
	}

	/** An API call as the desk's admin (bearer token); resolves to {status, body}. */
	async api(method, p, body, { token } = {}) {
		const headers = { Authorization: `Bearer ${token || this.server.token}` };
		if (body !== undefined) headers['Content-Type'] = 'application/json';
		const r = await fetch(this.server.url + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		const text = await r.text();
		let json = null;
		try {
			json = text ? JSON.parse(text) : null;
		} catch {}
		return { status: r.status, body: json, text };
	}

	/**
	 * A new page in its own browser context (own cookies and storage: one person).
	 * opts: label (for messages and screenshots), locale ('zh-CN' sets navigator.language and
	 * Accept-Language), viewport, initScript (a function run before any page script).
	 */
	async newPage(opts = {}) {
		const label = opts.label || `page${this.pages.length + 1}`;
		const ctx = await this.browser.newContext({
			locale: opts.locale || 'en-US',
			viewport: opts.viewport || { width: 1280, height: 800 },
			timezoneId: 'UTC',
		});
		ctx.setDefaultTimeout(WAIT_MS);
		this.contexts.push(ctx);
		if (opts.initScript) await ctx.addInitScript(opts.initScript);
		const page = await ctx.newPage();
		page.label = label;
		page.errors = [];
		page.on('console', (m) => {
			if (m.type() !== 'error') return;
			const loc = m.location();
			page.errors.push(`console.error: ${m.text()}${loc && loc.url ? ` @ ${loc.url}` : ''}`);
		});
		page.on('pageerror', (e) => page.errors.push(`uncaught: ${e.message}`));
		page.on('crash', () => page.errors.push('the page crashed'));
		this.pages.push(page);
		return page;
	}

	/** Console errors matching re (tested against "console.error: TEXT @ URL") are expected. */
	allowConsole(re) {
		this.allowed.push(re);
	}

	/** Fails (and prints) every unexpected console or page error so far; clears the lists. */
	checkConsole(page) {
		for (const p of page ? [page] : this.pages) {
			const bad = p.errors.filter((e) => e.startsWith('uncaught') || !this.allowed.some((re) => re.test(e)));
			ok(bad.length === 0, `${this.name}: ${p.label} has no console errors or page errors`, bad.slice(0, 3).join(' | '));
			p.errors = [];
		}
	}

	/** A full-page screenshot in the scenario's artifact folder, numbered in step order. */
	async shot(page, name) {
		fs.mkdirSync(this.dir, { recursive: true });
		const file = path.join(this.dir, `${String(++this.shots).padStart(2, '0')}-${slug(page.label)}-${slug(name)}.png`);
		try {
			await page.screenshot({ path: file, fullPage: true, timeout: 10000 });
			note(`screenshot ${file}`);
		} catch (e) {
			note(`screenshot ${file} failed: ${oneLine(e.message)}`);
		}
		return file;
	}

	/** ok(), and stop the scenario when cond is false (later steps would only fail for it). */
	must(cond, what, detail) {
		if (!ok(cond, what, detail)) throw new Stop(what);
	}

	/** Ends the scenario here after a failure already printed (no further `not ok`). */
	stop(why = 'stopped') {
		this.failedHere = true;
		throw new Stop(why);
	}

	/**
	 * Polls fn (sync or async, any thrown error counts as false) until it returns a truthy value
	 * or ms pass; resolves to that value or to false.
	 */
	async until(fn, ms = WAIT_MS, every = 25) {
		const deadline = Date.now() + ms;
		for (;;) {
			let v;
			try {
				v = await fn();
			} catch {
				v = false;
			}
			if (v) return v;
			if (Date.now() >= deadline) return false;
			await sleep(every);
		}
	}

	/** ok() once locator is visible (waiting up to ms); returns whether it is. */
	async seen(locator, what, ms = WAIT_MS) {
		const v = await locator
			.first()
			.waitFor({ state: 'visible', timeout: ms })
			.then(() => true, () => false);
		return ok(v, what, v ? undefined : `not visible within ${ms} ms: ${locator}`);
	}

	/** Like seen(), but stops the scenario when it is not visible. */
	async mustSee(locator, what, ms = WAIT_MS) {
		if (!(await this.seen(locator, what, ms))) throw new Stop(what);
	}

	/** A note that explains a failure: printed now and again last, where tests/run shows it. */
	why(text) {
		note(text);
		this.whys.push(text);
	}

	async close() {
		this.closing = true;
		const srv = this.server;
		if (this.failedHere && srv) note(`server log (last lines of ${srv.log}):\n${tail(srv.log, 10)}`);
		if (this.failedHere && this.browser) {
			note(`${this.name} failed; screenshots of the pages as they were:`);
			for (const p of this.pages) if (!p.isClosed()) await this.shot(p, 'at-failure');
		}
		for (const w of this.whys) note(w);
		// The browser is shared by the program's scenarios; each scenario's people (contexts) go
		// with it. After a timeout the browser itself may be stuck: the next scenario gets a new one.
		const closeAll = Promise.all(this.contexts.map((c) => c.close().catch(() => {})));
		const closed = await Promise.race([closeAll.then(() => true), grace(10000).then(() => false)]);
		if (!closed || this.timedOut) await closeBrowser();
		for (const h of this.hosts) h.closeAllConnections?.(), h.close();
		await stopServer(srv);
	}
}

/**
 * Runs one scenario: a fresh server (opts.demo: the demo desk; opts.env: extra server
 * environment; opts.args: extra serve arguments) and browser, body(t), then cleanup.
 * opts.timeoutMs bounds the whole scenario (default 60 s); on timeout it fails and the rest of
 * its body is abandoned. Servers of the test's own pushed to t.hosts are closed with it.
 */
export async function scenario(name, body, opts = {}) {
	const t = new Scenario(name);
	current = t;
	const timeoutMs = opts.timeoutMs || 60000;
	if (!fs.existsSync(CHROMIUM)) {
		ok(false, `${name}: ${CHROMIUM} is missing: run scripts/install-deps (Debian package chromium)`);
		current = null;
		return;
	}
	let timer;
	const started = Date.now();
	try {
		const timeout = new Promise((_, reject) => {
			timer = setTimeout(() => {
				t.timedOut = true;
				reject(new Error(`timed out after ${timeoutMs / 1000} s`));
			}, timeoutMs);
		});
		await Promise.race([
			(async () => {
				t.server = await startServer(opts);
				if (TRACE) note(`server up after ${Date.now() - started} ms`);
				t.browser = await getBrowser();
				if (TRACE) note(`browser up after ${Date.now() - started} ms`);
				await body(t);
			})(),
			timeout,
		]);
		t.checkConsole();
	} catch (e) {
		if (!(e instanceof Stop)) {
			ok(false, `${name}: ${e.message.split('\n')[0]}`);
			note(e.stack || String(e));
		}
		t.failedHere = true;
		for (const p of t.pages) {
			const bad = p.errors.filter((e) => e.startsWith('uncaught') || !t.allowed.some((re) => re.test(e)));
			if (bad.length) note(`${p.label} console/page errors so far: ${bad.join(' | ')}`);
		}
	} finally {
		clearTimeout(timer);
		await t.close();
		current = null;
	}
	note(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Call last (await it): closes the browser, prints the totals and sets the exit status. */
export async function done() {
	await closeBrowser();
	note(`${PROGRAM}: ${passed} passed, ${failed} failed`);
	process.exitCode = failed || passed === 0 ? 1 : 0;
	if (passed === 0 && failed === 0) console.log(`not ok - ${PROGRAM} made no checks`);
}

// ---- the product's pages -----------------------------------------------------------------------
export const WIDGET_FRAME = 'iframe[src*="/widget/frame.html"]';

/** The widget's inside (a FrameLocator) on a host page that loaded /widget/widget.js. */
export function widgetFrame(page) {
	return page.frameLocator(WIDGET_FRAME);
}

/** The widget's frame as a Frame (for evaluate), once it is there. */
export async function widgetFrameHandle(page) {
	const el = await page.waitForSelector(WIDGET_FRAME, { state: 'attached' });
	return el.contentFrame();
}

/**
 * Opens a page of a pretend exchange that embeds the widget the way an exchange would: one
 * <script> tag with the given data-* attributes (lang, uid, ...). The page comes from a small
 * HTTP server of the test's own on another loopback port, so it is cross-origin to the desk
 * (as on a real exchange) yet on loopback like it: chromium does not let a page served by
 * page.route() or from a public origin reach loopback (Local Network Access), which would say
 * nothing about exdesk. The server is closed with the scenario.
 */
export async function hostExchangePage(t, page, attrs = {}) {
	const data = Object.entries(attrs)
		.map(([k, v]) => ` data-${k}="${String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
		.join('');
	const html = `<!doctype html><html><head><meta charset="utf-8"><title>Pretend exchange</title></head>
<body><h1>Pretend exchange</h1><p>Trade responsibly.</p>
<script src="${t.server.url}/widget/widget.js"${data} async></script></body></html>`;
	const srv = http.createServer((req, res) => {
		if (req.url === '/favicon.ico') { res.writeHead(204); res.end(); return; }
		res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
		res.end(html);
	});
	await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
	t.hosts.push(srv);
	await page.goto(`http://127.0.0.1:${srv.address().port}/`);
	return page;
}

/** Opens the widget on the current host page by its launcher; returns the frame locator. */
export async function openWidget(t, page) {
	const launcher = page.getByTestId('exdesk-launcher');
	await launcher.waitFor({ state: 'visible' });
	await launcher.click();
	const frame = widgetFrame(page);
	await t.mustSee(frame.getByTestId('input'), `${page.label}: the widget opens from its launcher`);
	return frame;
}

/** Signs an agent in through the console's login form and waits for the views. */
export async function loginConsole(t, page, agent) {
	await page.goto(`${t.server.url}/console/`);
	await page.getByTestId('login-email').fill(agent.email);
	await page.getByTestId('login-password').fill(agent.password);
	await page.getByTestId('login-submit').click();
	await t.mustSee(page.getByTestId('view-unassigned'), `${page.label}: ${agent.email} signs in to the console`);
}

/** Sets the agent's presence with the console's presence control (a select or a menu). */
export async function setPresence(page, status) {
	const ctl = page.getByTestId('presence');
	const tag = await ctl.evaluate((el) => el.tagName);
	if (tag === 'SELECT') await ctl.selectOption(status);
	else {
		await ctl.click();
		await page.getByTestId(`presence-${status}`).click();
	}
}

/** The presence the console shows: a select's value or the control's text. */
export async function presenceShown(page) {
	const ctl = page.getByTestId('presence');
	return ctl.evaluate((el) => (el.tagName === 'SELECT' ? el.value : el.getAttribute('data-status') || el.textContent.trim().toLowerCase()));
}

/** Sets a ticket's status with the console's status control (a select or a menu). */
export async function setStatus(page, status) {
	const ctl = page.getByTestId('status');
	const tag = await ctl.evaluate((el) => el.tagName);
	if (tag === 'SELECT') await ctl.selectOption(status);
	else {
		await ctl.click();
		await page.getByTestId(`status-${status}`).click();
	}
}

/** A ticket row in the console's list whose text contains text. */
export function ticketRow(page, text) {
	return page.getByTestId('ticket-row').filter({ hasText: text });
}

/** A message (console or widget) whose text contains text, optionally of one kind. */
export function messageWith(scope, text, kind) {
	const m = kind ? scope.locator(`[data-testid="message"][data-kind="${kind}"]`) : scope.getByTestId('message');
	return m.filter({ hasText: text });
}

/**
 * A customer's chat made through the widget API (no browser): {token, visitorId, conversation,
 * message}. For scenarios about the agents' side, where the customer's page adds nothing.
 */
export async function chatViaWidgetApi(t, body, session = {}) {
	const call = async (method, p, payload, token) => {
		const headers = { 'Content-Type': 'application/json' };
		if (token) headers['X-Widget-Token'] = token;
		const r = await fetch(t.server.url + p, { method, headers, body: JSON.stringify(payload) });
		const json = await r.json().catch(() => null);
		if (r.status !== 201) throw new Error(`POST ${p} answered ${r.status}: ${JSON.stringify(json)}`);
		return json;
	};
	const s = await call('POST', '/api/v1/widget/session', { language: 'en', ...session });
	const c = await call('POST', '/api/v1/widget/conversations', { body }, s.token);
	return { token: s.token, visitorId: s.visitor_id, conversation: c.conversation, message: c.message };
}

/** The one ticket whose subject contains text (admin API); throws when not exactly one. */
export async function ticketBySubject(t, text) {
	const r = await t.api('GET', `/api/v1/tickets?q=${encodeURIComponent(text)}`);
	const list = (r.body && r.body.tickets) || [];
	if (list.length !== 1) throw new Error(`expected one ticket with "${text}", got ${r.status} ${list.length}`);
	return list[0];
}

/**
 * An init script (newPage({initScript: streamProbe})) for every frame of a page, that records
 * and can hold back what the push stream (EventSource) delivers to the page's listeners:
 * window.__e2eStream is the list of {type, data} items received (raw JSON text);
 * window.__e2eHold = true queues the items instead of handing them to the page, and
 * window.__e2eRelease() delivers the queue and stops holding — a slow network for one page,
 * without touching the connection the server sees.
 */
export function streamProbe() {
	const Native = window.EventSource;
	if (!Native) return;
	const queue = [];
	window.__e2eStream = [];
	window.__e2eHold = false;
	window.__e2eHeld = () => queue.length;
	window.__e2eRelease = () => {
		window.__e2eHold = false;
		for (const deliver of queue.splice(0)) deliver();
	};
	window.EventSource = class extends Native {
		addEventListener(type, fn, opts) {
			if (type === 'open' || type === 'error') return super.addEventListener(type, fn, opts);
			return super.addEventListener(type, (ev) => {
				window.__e2eStream.push({ type, data: ev.data });
				if (window.__e2eHold) queue.push(() => fn.call(this, ev));
				else fn.call(this, ev);
			}, opts);
		}
	};
}

/** A short random tag that makes a test's text unique on the page. */
export function tag() {
	return Math.random().toString(36).slice(2, 8);
}
