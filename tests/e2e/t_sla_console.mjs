#!/usr/bin/env node
// t_sla_console — SLA countdowns in the agent console. A supervisor whose browser clock is ten
// minutes fast (Playwright's fake clock) sees a new chat's first-response countdown at about
// 1:00 in the list row and the ticket's header (the console corrects by the server's Date
// header), ticking down; after the reply the header says "✓ Replied in 0:0x" and the clock goes
// on with the resolution target; a ticket set pending turns to "Paused" live. Another chat left
// unanswered: the fake clock jumps to its warning and due instants (as the console reckons the
// server's time) — green a millisecond before warn_at, amber at it, "0:01" and not red a second
// and a millisecond before due_at, red "Breached 0:00 ago" exactly at it, counting up after.
// The same in Chinese (a second agent tab): labels, tooltips, screen-reader labels, Paused,
// Replied and Breached.
import {
  scenario, done, ok, note, loginConsole, ticketRow, chatViaWidgetApi, streamProbe, tag,
} from './lib.mjs';

const SKEW_MS = 10 * 60 * 1000 + 400; // how far the supervisor's browser clock is ahead

/** "1:42" / "1:02:07" -> seconds; NaN when it is no such text. */
function secondsOf(text) {
  const m = /^(?:(\d+):)?(\d+):(\d\d)$/.exec(String(text || '').trim());
  return m ? Number(m[1] || 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) : NaN;
}

/** What an SLA clock element shows (the row's `sla` or the header's `ticket-sla`). */
function clockOf(loc) {
  return loc.first().evaluate((el) => {
    const timer = el.querySelector('[data-testid="sla-timer"]');
    const rep = el.querySelector('[data-testid="sla-replied"]');
    const label = el.querySelector('.sla-label');
    const style = getComputedStyle(timer);
    return {
      state: el.dataset.state, metric: el.dataset.metric, policy: el.dataset.policy,
      text: timer.hidden ? '' : timer.textContent, title: timer.getAttribute('title') || '',
      aria: timer.getAttribute('aria-label') || '', role: timer.getAttribute('role'), live: timer.getAttribute('aria-live'),
      label: label && !label.hidden ? label.textContent : '',
      replied: rep.hidden ? null : rep.textContent,
      repliedVisible: rep.hidden ? '' : [...rep.children].filter((n) => !n.classList.contains('sr-only')).map((n) => n.textContent).join(' '),
      repliedTitle: rep.getAttribute('title') || '', color: style.color, bg: style.backgroundColor,
    };
  }).catch((e) => ({ error: e.message }));
}
const show = (c) => JSON.stringify(c);

const GREEN = 'rgb(46, 125, 50)';
const AMBER = 'rgb(178, 106, 0)';
const RED = 'rgb(198, 40, 40)';

/** The ticket as the admin API returns it. */
async function ticketOf(t, id) {
  return (await t.api('GET', `/api/v1/tickets/${id}`)).body.ticket;
}

/** "14:02:31" of an RFC 3339 instant (the browsers here run in UTC). */
const hms = (iso) => String(iso).slice(11, 19);

await scenario('countdowns with the browser clock off: ticking, replied, paused, amber and red at the exact instants', async (t) => {
  const mark = tag();
  const a = await chatViaWidgetApi(t, `Withdrawal stuck ${mark}-A`);
  const c = await chatViaWidgetApi(t, `KYC question ${mark}-C`);
  const aTicket = await ticketOf(t, a.conversation.id);
  t.must(aTicket.sla && aTicket.sla.policy === 'chat' && aTicket.sla.first_response, 'the API gives a chat ticket the chat policy',
    JSON.stringify(aTicket.sla));
  note(`A: first response due ${aTicket.sla.first_response.due_at}, target ${aTicket.sla.first_response.target_seconds} s`);

  const page = await t.newPage({ label: 'supervisor', initScript: streamProbe });
  await page.clock.install({ time: Date.now() + SKEW_MS });
  const browserAhead = await page.evaluate(() => Date.now()) - Date.now();
  note(`the supervisor's browser clock is ${browserAhead} ms ahead`);
  await loginConsole(t, page, t.server.agents.sam);
  await page.getByTestId('view-all').click();
  const rowA = ticketRow(page, `${mark}-A`);
  await t.mustSee(rowA, 'the new chat is in the All view');

  // The server's clock, as the console reckons it from the Date headers.
  const offset = Number(await page.evaluate(() => document.documentElement.dataset.clockOffset));
  ok(Number.isFinite(offset) && Math.abs(offset + browserAhead) < 1500,
    'the console measured the browser clock against the server\'s (offset ≈ −10 min)', `offset ${offset}, browser ahead ${browserAhead}`);

  const slaA = rowA.getByTestId('sla');
  const first = await clockOf(slaA);
  const s1 = secondsOf(first.text);
  ok(s1 >= 45 && s1 <= 60, 'the row counts down from about 1:00 although the browser clock is 10 min fast', show(first));
  ok(first.state === 'due' && first.metric === 'first_response' && first.policy === 'chat',
    'it is the first response clock of the chat policy, in time (green)', show(first));
  ok(first.color === GREEN, 'the countdown is green', first.color);
  ok(first.title === `First response · chat policy · due ${hms(aTicket.sla.first_response.due_at)}`,
    'the tooltip names metric, policy and due time', first.title);
  ok(first.role === 'timer' && first.live === 'off', 'the ticking text is role="timer" with aria-live="off"', show(first));
  ok(first.aria === `First response: ${first.text} left`, 'it has a screen-reader label', first.aria);
  const later = await t.until(async () => {
    const now = secondsOf((await clockOf(slaA)).text);
    return now < s1 ? now : null;
  }, 3000);
  ok(later !== false && later >= s1 - 2, 'the countdown decreases second by second, with no reload', `${s1} -> ${later}`);

  await rowA.first().click();
  const head = page.getByTestId('ticket-sla');
  await t.mustSee(head, 'the opened ticket\'s header has its SLA clock');
  const h1 = await clockOf(head);
  ok(h1.label === 'First response' && secondsOf(h1.text) >= 40 && secondsOf(h1.text) <= 60 && h1.state === 'due',
    'the header says "First response" with the same countdown', show(h1));
  ok(Math.abs(secondsOf(h1.text) - secondsOf((await clockOf(slaA)).text)) <= 1, 'header and row agree');
  await t.shot(page, 'first-response-countdown');

  // The agent answers: the wait is over.
  await page.getByTestId('composer').fill(`Checking your withdrawal now (${mark}-reply).`);
  await page.getByTestId('send').click();
  const replied = await t.until(async () => {
    const v = await clockOf(head);
    return v.replied ? v : null;
  }, 5000);
  ok(replied && /^✓ Replied in 0:\d\d$/.test(replied.repliedVisible), 'after the reply the header shows "✓ Replied in 0:0x"',
    show(replied || await clockOf(head)));
  const aAfter = await ticketOf(t, a.conversation.id);
  const fr = aAfter.sla.first_response;
  ok(fr.clock === 'fulfilled', 'the API says the first response is fulfilled', JSON.stringify(fr));
  if (replied) {
    const took = secondsOf(replied.repliedVisible.replace(/^✓ Replied in /, ''));
    ok(took === fr.target_seconds - fr.remaining_seconds, 'the time shown is the time the reply took (API: target − remaining)',
      `${took} vs ${fr.target_seconds} - ${fr.remaining_seconds}`);
    ok(replied.repliedTitle.startsWith('First response · chat policy · replied in'), 'the check mark\'s tooltip names metric and policy',
      replied.repliedTitle);
    ok(replied.metric === 'resolution' && replied.label === 'Resolution' && secondsOf(replied.text) > 3500,
      'the clock goes on with the resolution target (about 1:00:00)', show(replied));
  }
  const rowReplied = await t.until(async () => { const v = await clockOf(slaA); return v.replied ? v : null; }, 3000);
  ok(rowReplied && rowReplied.repliedVisible === '✓' && /Replied in 0:\d\d/.test(rowReplied.replied),
    'the row shows the check mark (its words for screen readers only)', show(rowReplied || await clockOf(slaA)));
  await t.shot(page, 'replied');

  // Pending pauses the clocks; the change comes as a ticket frame.
  const rowC = ticketRow(page, `${mark}-C`);
  await t.mustSee(rowC, 'the second chat is listed');
  await page.evaluate(() => { window.__e2eSamePage = true; });
  const patched = await t.api('PATCH', `/api/v1/tickets/${c.conversation.id}`, { status: 'pending' });
  t.must(patched.status === 200, 'the second chat is set pending (API)', patched.text);
  const paused = await t.until(async () => { const v = await clockOf(rowC.getByTestId('sla')); return v.state === 'paused' ? v : null; }, 5000);
  ok(paused && paused.text === 'Paused', 'the pending ticket\'s row shows "Paused"', show(paused || await clockOf(rowC.getByTestId('sla'))));
  ok(paused && /^First response · chat policy · paused with 0:\d\d left$/.test(paused.title), 'its tooltip says how much was left',
    paused && paused.title);
  ok(await page.evaluate(() => window.__e2eSamePage === true), 'it changed live, without a reload');
  const frames = await page.evaluate(() => (window.__e2eStream || []).filter((i) => i.type === 'ticket').map((i) => i.data));
  ok(frames.some((f) => f.includes(`"id":${c.conversation.id},`) && f.includes('"clock":"paused"')),
    'a ticket frame carried the paused clock', `${frames.length} ticket frames`);
  await t.shot(page, 'paused');

  // A chat nobody answers. The console's idea of the server's time is browser time + offset; the
  // fake clock goes to the instants where that reaches warn_at and due_at. With no ticket open
  // nothing asks the server anything meanwhile (its Date would set the clock right again).
  await page.getByTestId('close-ticket').click();
  // The list fetches a ticket 0.6 s after a message frame for it: that answer comes first.
  const b = await chatViaWidgetApi(t, `Deposit missing ${mark}-B`);
  const refetched = page.waitForResponse((r) => r.request().method() === 'GET' &&
    new URL(r.url()).pathname === `/api/v1/tickets/${b.conversation.id}`, { timeout: 5000 }).catch(() => null);
  const rowB = ticketRow(page, `${mark}-B`);
  await t.mustSee(rowB, 'a third chat appears in the list live');
  await refetched;
  const asked = [];
  page.on('request', (r) => asked.push(`${r.method()} ${new URL(r.url()).pathname}`));
  const slaB = rowB.getByTestId('sla');
  const bTicket = await ticketOf(t, b.conversation.id);
  const due = Date.parse(bTicket.sla.first_response.due_at);
  const warn = Date.parse(bTicket.sla.first_response.warn_at);
  const off = Number(await page.evaluate(() => document.documentElement.dataset.clockOffset));
  ok(Math.abs(off - offset) < 1000, 'the console\'s server-clock offset holds steady', `${offset} -> ${off}`);
  note(`B due ${bTicket.sla.first_response.due_at}, warn ${bTicket.sla.first_response.warn_at}; in browser time ${due - off}`);
  const at = async (ms) => {
    await page.clock.pauseAt(ms);
    return clockOf(slaB);
  };
  const w0 = await at(warn - off - 1);
  ok(w0.state === 'due' && w0.color === GREEN, 'a millisecond before warn_at the countdown is green', show(w0));
  await page.clock.runFor(1);
  const w1 = await clockOf(slaB);
  ok(w1.state === 'warn' && w1.color === AMBER && w1.text === '0:12', 'at warn_at it turns amber (0:12 left)', show(w1));
  await t.shot(page, 'warning');
  const d0 = await at(due - off - 1000);
  ok(d0.text === '0:01' && d0.state === 'warn' && d0.bg !== RED, 'one second before due_at: 0:01, amber, not red', show(d0));
  await t.shot(page, 'one-second-before-due');
  await page.clock.runFor(999);
  const d1 = await clockOf(slaB);
  ok(d1.text === '0:01' && d1.state !== 'breached', 'a millisecond before due_at it is still not red', show(d1));
  await page.clock.runFor(1);
  const d2 = await clockOf(slaB);
  ok(d2.state === 'breached' && d2.text === 'Breached 0:00 ago' && d2.bg === RED,
    'at due_at exactly the row turns red: "Breached 0:00 ago"', show(d2));
  ok(d2.title === `First response · chat policy · breached at ${hms(bTicket.sla.first_response.due_at)}`, 'the tooltip says when it was breached',
    d2.title);
  ok(d2.aria === 'First response: breached 0:00 ago', 'the screen-reader label says it too', d2.aria);
  await t.shot(page, 'breached');
  await page.clock.runFor(12000);
  const d3 = await clockOf(slaB);
  ok(d3.text === 'Breached 0:12 ago' && d3.state === 'breached', 'then it counts up: "Breached 0:12 ago"', show(d3));
  ok(await page.evaluate(() => document.documentElement.dataset.clockOffset) === String(off),
    'no server answer moved the clock meanwhile (the jumps are what changed it)', `requests: ${asked.join(', ') || 'none'}`);
  await t.shot(page, 'breached-counting');
  await page.clock.resume();

  // In Chinese, in a second tab of the desk with an honest clock that later jumps.
  const zh = await t.newPage({ label: 'supervisor-zh', initScript: () => localStorage.setItem('exdesk.uiLang', 'zh-CN') });
  await zh.clock.install({ time: Date.now() });
  await loginConsole(t, zh, t.server.agents.sam);
  await zh.getByTestId('view-all').click();
  const zb = ticketRow(zh, `${mark}-B`).getByTestId('sla');
  await t.mustSee(zb, 'the Chinese console lists the tickets');
  const z1 = await clockOf(zb);
  ok(z1.state !== 'breached' && z1.title === `首次响应 · 聊天策略 · ${hms(bTicket.sla.first_response.due_at)} 截止`,
    'the tooltip is Chinese: 首次响应 · 聊天策略 · HH:MM:SS 截止', show(z1));
  ok(z1.aria === `首次响应：剩余 ${z1.text}`, 'the screen-reader label is Chinese', z1.aria);
  const zc = await clockOf(ticketRow(zh, `${mark}-C`).getByTestId('sla'));
  ok(zc.text === '已暂停' && zc.title.startsWith('首次响应 · 聊天策略 · 已暂停，剩余 0:'), 'Paused is 已暂停', show(zc));
  const za = await clockOf(ticketRow(zh, `${mark}-A`).getByTestId('sla'));
  ok(za.repliedVisible === '✓' && /^✓0:\d\d 内已回复$/.test(za.replied), 'the check mark reads "… 内已回复"', show(za));
  await ticketRow(zh, `${mark}-A`).first().click();
  const zhHead = await t.until(async () => { const v = await clockOf(zh.getByTestId('ticket-sla')); return v.replied ? v : null; }, 5000);
  ok(zhHead && zhHead.label === '解决' && /^✓ 0:\d\d 内已回复$/.test(zhHead.repliedVisible),
    'the header reads "✓ 0:0x 内已回复" and 解决 for the resolution clock', show(zhHead));
  await t.shot(zh, 'zh-CN-header');
  await zh.getByTestId('close-ticket').click();
  const zoff = Number(await zh.evaluate(() => document.documentElement.dataset.clockOffset));
  const fakeNow = await zh.evaluate(() => Date.now());
  await zh.clock.fastForward(Math.max(0, due - zoff + 3500 - fakeNow));
  const z2 = await t.until(async () => { const v = await clockOf(zb); return v.state === 'breached' ? v : null; }, 3000);
  ok(z2 && /^已超时 0:0[3-5]$/.test(z2.text), 'breached reads 已超时 0:03', show(z2 || await clockOf(zb)));
  await t.shot(zh, 'zh-CN-breached');
}, { timeoutMs: 90000 });

await done();
