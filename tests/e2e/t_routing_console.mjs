#!/usr/bin/env node
// t_routing_console — automatic assignment and escalation as agents see them in the console.
// With assignment on, a verified VIP customer's Japanese chat goes to the Japanese-speaking
// VIP-capable agent on shift: it appears in her Mine view live (a `ticket` frame, no reload) with
// her as the assignee, and the routing API says so; an agent off shift, one who reads no Japanese
// and one who is not VIP-capable get nothing — until the VIP agent is full, when the next VIP chat
// goes to the one who is not VIP-capable (preferred, not required: docs/api.md, core/assign.h);
// with everyone full a third waits (position 1, at_capacity) and goes to her the moment she solves
// her first. An L1 agent escalates a ticket to L2 in the console: the child opens carrying the
// summary and actions taken, each header links to the other (number, group, status) and the links
// open the tickets; the parent is on hold; solving the child (API) reopens the parent and its
// resolution note, the reopened status and the child's new status reach the open parent live.
// The link labels and status words in Chinese, for an agent whose console is in zh-CN.
import crypto from 'node:crypto';
import {
  scenario, done, ok, note, loginConsole, ticketRow, messageWith, chatViaWidgetApi, streamProbe, setStatus, tag,
  PASSWORD,
} from './lib.mjs';

/** An admin API call that must succeed; anything else ends the scenario with its answer. */
async function call(t, method, p, body) {
  const r = await t.api(method, p, body);
  if (r.status !== 200 && r.status !== 201) throw new Error(`${method} ${p} answered ${r.status}: ${r.text.slice(0, 300)}`);
  return r.body;
}

/** A console agent (role agent) with routing attributes set the way an admin would (PATCH). */
async function addAgent(t, { name, email, groups, tier = 'L1', ...routing }) {
  const a = (await call(t, 'POST', '/api/v1/agents', { email, name, role: 'agent', tier, groups, password: PASSWORD })).agent;
  const patched = Object.keys(routing).length ? (await call(t, 'PATCH', `/api/v1/agents/${a.id}`, routing)).agent : a;
  return { ...patched, password: PASSWORD };
}

const online = (t, a) => call(t, 'PUT', `/api/v1/agents/${a.id}/presence`, { status: 'online' });
const ticketOf = async (t, id) => (await call(t, 'GET', `/api/v1/tickets/${id}`)).ticket;
const routingOf = async (t, id) => (await call(t, 'GET', `/api/v1/tickets/${id}/routing`)).routing;
const json = (v) => JSON.stringify(v);

/** Marks the page; sameAs() later says whether it is still that page (nothing reloaded it). */
const markPage = (page) => page.evaluate(() => { window.__e2eSamePage = true; });
const samePage = (page) => page.evaluate(() => window.__e2eSamePage === true);

/** "HH:MM" in UTC of an instant. */
const hhmm = (ms) => new Date(ms).toISOString().slice(11, 16);
const HOUR = 3600 * 1000;

/** Ticket frames the page's stream delivered (streamProbe), parsed. */
async function ticketFrames(page) {
  const raw = await page.evaluate(() => (window.__e2eStream || []).filter((i) => i.type === 'ticket').map((i) => i.data));
  return raw.map((d) => { try { return JSON.parse(d).ticket; } catch { return null; } }).filter(Boolean);
}

// ---- 1. automatic assignment -------------------------------------------------------------------

await scenario('a Japanese VIP chat reaches the Japanese-speaking VIP agent who is on shift', async (t) => {
  const mark = tag();
  const vip = (await call(t, 'POST', '/api/v1/groups', { name: 'VIP', tier: 'vip', vip: true, languages: ['ja', 'en'] })).group;
  await call(t, 'POST', '/api/v1/groups', { name: 'Chain L2', tier: 'L2' });
  await call(t, 'POST', '/api/v1/routing/rules', {
    name: 'VIP chats', conditions: { channels: ['chat'], vip_min: 1 }, actions: { group_id: vip.id },
  });
  // A shift running now (from an hour ago for three hours) and one that starts in three hours.
  const now = Date.now();
  const shiftNow = (await call(t, 'POST', '/api/v1/shifts', { name: 'Tokyo now', spec: `tz=UTC; ${hhmm(now - HOUR)}-${hhmm(now + 2 * HOUR)}` })).shift;
  const shiftLater = (await call(t, 'POST', '/api/v1/shifts', { name: 'Tokyo later', spec: `tz=UTC; ${hhmm(now + 3 * HOUR)}-${hhmm(now + 4 * HOUR)}` })).shift;
  t.must(shiftNow.on_now === true && shiftLater.on_now === false, 'the desk has a shift on now and one off now',
    `${json(shiftNow)} ${json(shiftLater)}`);

  const groups = [vip.id];
  const yui = await addAgent(t, { name: 'Yui Sato', email: 'yui@e2e.test', groups, languages: ['ja'], vip_capable: true, max_chats: 1, shift: 'Tokyo now' });
  const ken = await addAgent(t, { name: 'Ken Mori', email: 'ken@e2e.test', groups, languages: ['ja'], vip_capable: false, max_chats: 1 });
  const ann = await addAgent(t, { name: 'Ann Lee', email: 'ann@e2e.test', groups, languages: ['en'], vip_capable: true, max_chats: 3 });
  const kaito = await addAgent(t, { name: 'Kaito Ito', email: 'kaito@e2e.test', groups, languages: ['ja'], vip_capable: true, max_chats: 3, shift: 'Tokyo later' });
  ok(yui.vip_capable && yui.shift === 'Tokyo now' && yui.max_chats === 1 && json(yui.languages) === '["ja"]',
    'PATCH /agents gives Yui ja, VIP-capable, one chat at a time, the shift on now', json(yui));
  for (const a of [yui, ken, ann, kaito]) await online(t, a);
  const setting = await call(t, 'PUT', '/api/v1/routing/assignment', { enabled: true, requeue_grace_seconds: 120 });
  t.must(setting.enabled === true && setting.requeue_grace_seconds === 120, 'the admin turns automatic assignment on', json(setting));

  // A verified exchange user the desk knows as VIP 2, writing Japanese.
  const uid = `U-VIP-${mark}`;
  const secret = (await call(t, 'GET', '/api/v1/settings/identity')).identity_secret;
  const who = { exchange_uid: uid, user_hash: crypto.createHmac('sha256', secret).update(uid).digest('hex'), language: 'ja', name: '田中 健' };
  const r0 = await fetch(`${t.server.url}/api/v1/widget/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(who),
  });
  const s0 = await r0.json();
  t.must(r0.status === 201 && s0.customer && s0.customer.verified, 'the widget session verifies the exchange user', `${r0.status} ${json(s0)}`);
  await call(t, 'PATCH', `/api/v1/customers/${s0.customer.id}`, { vip_tier: 2 });

  // Yui and Ken at their consoles, in Mine.
  const [yp, kp] = await Promise.all([
    t.newPage({ label: 'yui', initScript: streamProbe }),
    t.newPage({ label: 'ken', initScript: streamProbe }),
  ]);
  await Promise.all([loginConsole(t, yp, yui), loginConsole(t, kp, ken)]);
  for (const p of [yp, kp]) {
    await p.getByTestId('view-mine').click();
    ok(await t.until(async () => (await p.getByTestId('count-mine').textContent()) === '0', 3000),
      `${p.label}'s Mine is empty to begin with`, await p.getByTestId('count-mine').textContent());
  }
  ok(await yp.getByTestId('presence').inputValue() === 'online', 'Yui\'s console says she is online');
  await markPage(yp);

  const sent1 = Date.now();
  const c1 = await chatViaWidgetApi(t, `VIPです。出金が届きません ${mark}-1`, who);
  const row1 = ticketRow(yp, `${mark}-1`);
  await t.mustSee(row1, 'the VIP chat appears in Yui\'s Mine view');
  note(`LATENCY chat sent -> row in Yui's Mine: ${Date.now() - sent1} ms`);
  ok(await row1.getByTestId('row-assignee').textContent() === yui.name, 'the row names Yui as the assignee',
    await row1.first().innerText());
  ok(await row1.first().getAttribute('data-assignee') === String(yui.id), 'the row is Yui\'s (data-assignee)');
  ok(await yp.getByTestId('count-mine').textContent() === '1', 'Mine counts 1', await yp.getByTestId('count-mine').textContent());
  ok(await samePage(yp), 'it came without a reload');
  const frames = await ticketFrames(yp);
  ok(frames.some((f) => f.id === c1.conversation.id && f.assignee_id === yui.id), 'a ticket frame carried the assignment to her console',
    `${frames.length} ticket frames: ${json(frames.map((f) => [f.id, f.assignee_id]))}`);
  await t.shot(yp, 'vip-chat-in-mine');

  const tk1 = await ticketOf(t, c1.conversation.id);
  ok(tk1.vip === true && tk1.language === 'ja' && tk1.channel === 'chat' && tk1.group_id === vip.id,
    'the ticket is a VIP Japanese chat in the VIP group', json({ vip: tk1.vip, language: tk1.language, group: tk1.group_id }));
  ok(tk1.assignee_id === yui.id, 'the API says it is Yui\'s', `assignee ${tk1.assignee_id}`);
  const rt1 = await routingOf(t, tk1.id);
  ok(rt1 && rt1.state === 'assigned' && rt1.assignee_id === yui.id, 'GET /tickets/{id}/routing: assigned to Yui', json(rt1));
  const ev1 = (await call(t, 'GET', `/api/v1/tickets/${tk1.id}/events`)).events.filter((e) => e.action === 'ticket.assign');
  ok(ev1.length === 1 && ev1[0].actor.type === 'system' && ev1[0].after.assignee_id === yui.id && ev1[0].after.reason === 'routing',
    'one ticket.assign by the system, reason routing', json(ev1));

  // Nobody else got it: Ken's Mine stays empty, Kaito (off shift) and Ann (English) hold nothing.
  ok(await kp.getByTestId('count-mine').textContent() === '0' && await ticketRow(kp, `${mark}-1`).count() === 0,
    'Ken (not VIP-capable) does not get it while a VIP-capable agent has room');
  for (const [a, why] of [[kaito, 'Kaito (VIP-capable, Japanese, off shift)'], [ann, 'Ann (VIP-capable, reads no Japanese)']]) {
    const mine = (await call(t, 'GET', `/api/v1/tickets?assignee_id=${a.id}`)).tickets;
    ok(mine.length === 0, `${why} gets nothing`, json(mine.map((x) => x.number)));
  }

  // Yui is full: the next VIP chat goes to Ken rather than wait.
  await markPage(kp);
  const c2 = await chatViaWidgetApi(t, `VIPです。入金がまだです ${mark}-2`, who);
  const row2 = ticketRow(kp, `${mark}-2`);
  await t.mustSee(row2, 'with Yui full, the next VIP chat appears in Ken\'s Mine view');
  ok(await row2.getByTestId('row-assignee').textContent() === ken.name && await samePage(kp), 'assigned to Ken, live',
    await row2.first().innerText());
  const rt2 = await routingOf(t, c2.conversation.id);
  ok(rt2 && rt2.state === 'assigned' && rt2.assignee_id === ken.id, 'the routing API says Ken', json(rt2));
  ok(await ticketRow(yp, `${mark}-2`).count() === 0 && await yp.getByTestId('count-mine').textContent() === '1',
    'it is not in Yui\'s Mine');
  await t.shot(kp, 'second-vip-chat-to-ken');

  // Everyone who could take a third is full: it waits, first in the queue.
  const c3 = await chatViaWidgetApi(t, `VIPです。口座が凍結されました ${mark}-3`, who);
  const rt3 = await t.until(async () => { const r = await routingOf(t, c3.conversation.id); return r && r.state ? r : null; }, 3000);
  ok(rt3 && rt3.state === 'waiting' && rt3.position === 1 && rt3.why === 'at_capacity',
    'a third VIP chat waits: position 1, at_capacity', json(rt3));
  ok(await ticketRow(yp, `${mark}-3`).count() === 0, 'it is not in Yui\'s Mine while she is full');

  // Yui solves her chat in the console: the waiting one is hers at once.
  await row1.first().click();
  await t.mustSee(yp.getByTestId('ticket-number').filter({ hasText: tk1.number }), 'Yui opens her chat');
  const assigneeShown = await yp.getByTestId('assignee').evaluate((s) => s.selectedOptions[0] && s.selectedOptions[0].textContent);
  ok(String(assigneeShown).startsWith(yui.name), 'the header\'s assignee is Yui', assigneeShown);
  ok(await yp.getByTestId('assign-me').textContent() === 'Assigned to you', 'the header says "Assigned to you"');
  await setStatus(yp, 'solved');
  const row3 = ticketRow(yp, `${mark}-3`);
  await t.mustSee(row3, 'the waiting chat appears in Yui\'s Mine as soon as she solved hers');
  ok(await row3.getByTestId('row-assignee').textContent() === yui.name, 'with Yui as its assignee');
  ok(await t.until(async () => (await row1.count()) === 0, 3000), 'the solved chat has left Mine');
  ok(await samePage(yp), 'all of it without a reload');
  const rt3b = await routingOf(t, c3.conversation.id);
  ok(rt3b && rt3b.state === 'assigned' && rt3b.assignee_id === yui.id, 'the routing API now says Yui', json(rt3b));
  await t.shot(yp, 'waiting-chat-drained-to-yui');
}, { timeoutMs: 45000 });

// ---- 2. escalation ---------------------------------------------------------------------------

/** An L2 group, the agent in it too (so they may follow the escalation), a ticket in L1. */
async function escalationDesk(t, agentKey, mark) {
  const l2 = (await call(t, 'POST', '/api/v1/groups', { name: 'Chain L2', tier: 'L2' })).group;
  const agent = t.server.agents[agentKey];
  await call(t, 'PATCH', `/api/v1/agents/${agent.id}`, { groups: [t.server.groupId, l2.id] });
  const parent = (await call(t, 'POST', '/api/v1/tickets', {
    subject: `USDT on TRON not credited ${mark}`, body: `I sent 500 USDT (TRC-20) two hours ago, still nothing. ${mark}`,
    requester: { email: `li.${mark}@example.com`, name: 'Li Wei' }, channel: 'web', group_id: t.server.groupId,
  })).ticket;
  return { l2, agent, parent };
}

/** The header's link chip to `number`: {label, number, group, status, dataStatus, direction}. */
function chip(page, number) {
  return page.locator(`[data-testid="ticket-link"][data-number="${number}"]`);
}
async function chipOf(page, number) {
  return chip(page, number).first().evaluate((a) => ({
    label: (a.querySelector('[data-testid="link-label"]') || {}).textContent,
    group: (a.querySelector('[data-testid="link-group"]') || {}).textContent,
    status: (a.querySelector('[data-testid="link-status"]') || {}).textContent,
    dataStatus: a.dataset.status, direction: a.dataset.direction, kind: a.dataset.kind, text: a.textContent,
  })).catch((e) => ({ error: e.message }));
}

const statusShown = (page) => page.getByTestId('status').evaluate((s) => ({ value: s.value, text: s.selectedOptions[0] && s.selectedOptions[0].textContent }));

/** Waits until the open ticket's header is ticket `number`. */
async function headerIs(t, page, number, what) {
  await t.mustSee(page.getByTestId('ticket-number').filter({ hasText: number }), what);
}

await scenario('an L1 escalation to L2 shows as linked tickets', async (t) => {
  const mark = tag();
  const { l2, agent, parent } = await escalationDesk(t, 'alice', mark);
  const page = await t.newPage({ label: 'alice', initScript: streamProbe });
  await loginConsole(t, page, agent);
  await page.getByTestId(`view-group-${t.server.groupId}`).click();
  await ticketRow(page, mark).first().click();
  await headerIs(t, page, parent.number, 'Alice opens the L1 ticket');

  // Escalate through the console's dialog.
  await page.getByTestId('escalate').click();
  await t.mustSee(page.getByTestId('escalate-dialog'), 'the Escalate dialog opens');
  ok(await page.getByTestId('escalate-group').inputValue() === String(l2.id), 'it proposes the L2 group');
  const summary = `Customer sent 500 USDT on TRC-20, tx not credited (${mark}-sum)`;
  const actions = `Checked the tx on Tronscan: 20 confirmations; deposit address matches (${mark}-act)`;
  await page.getByTestId('escalate-summary').fill(summary);
  await page.getByTestId('escalate-actions').fill(actions);
  await page.getByTestId('escalate-submit').click();

  const links = await t.until(async () => {
    const l = (await call(t, 'GET', `/api/v1/tickets/${parent.id}/links`)).links;
    return l.length ? l : null;
  }, 3000);
  t.must(links && links.length === 1 && links[0].kind === 'escalation' && links[0].direction === 'child',
    'the API links the parent to one escalation child', json(links));
  const child = await ticketOf(t, links[0].ticket_id);
  ok(child.group_id === l2.id && child.parent_id === parent.id && child.status === 'new', 'the child is new, in L2, its parent the ticket',
    json({ group: child.group_id, parent: child.parent_id, status: child.status }));

  // The console went to the child: its header links back, its first note carries the story.
  await headerIs(t, page, child.number, 'the console opens the child after escalating');
  await t.mustSee(chip(page, parent.number), 'the child\'s header links to the parent');
  let c = await chipOf(page, parent.number);
  ok(c.label === 'Escalated from' && c.direction === 'parent' && c.kind === 'escalation', 'labelled "Escalated from"', json(c));
  ok(c.group === 'Chat' && c.status === 'on_hold' && c.dataStatus === 'on_hold', 'with the parent\'s group and status (on hold)', json(c));
  const story = messageWith(page.getByTestId('timeline'), `${mark}-sum`, 'note');
  await t.mustSee(story, 'the child\'s first message is an internal note with the summary');
  const storyText = await story.first().innerText();
  ok(storyText.includes(summary) && storyText.includes(actions) && storyText.includes(parent.number),
    'it carries the summary, the actions taken and the parent\'s number', storyText);
  ok(await page.getByTestId('group').inputValue() === String(l2.id), 'the child\'s header shows the L2 group');
  await t.shot(page, 'child-after-escalating');

  // The link to the parent opens it: on hold, linking to the child with its group and status.
  await chip(page, parent.number).first().click();
  await headerIs(t, page, parent.number, 'the link opens the parent');
  ok((await statusShown(page)).value === 'on_hold', 'the parent is on hold', json(await statusShown(page)));
  await t.mustSee(chip(page, child.number), 'the parent\'s header links to the child');
  c = await chipOf(page, child.number);
  ok(c.label === 'Escalated to' && c.direction === 'child' && c.group === l2.name && c.status === 'new',
    'labelled "Escalated to", with the child\'s number, group (Chain L2) and status (new)', json(c));
  await t.mustSee(messageWith(page.getByTestId('timeline'), `Escalated to ${l2.name} as ${child.number}`, 'system'),
    'the parent\'s timeline says where it went');
  await t.shot(page, 'parent-on-hold');

  await chip(page, child.number).first().click();
  await headerIs(t, page, child.number, 'the link opens the child');
  await t.mustSee(chip(page, parent.number), 'whose header links back to the parent');
  await chip(page, parent.number).first().click();
  await headerIs(t, page, parent.number, 'and back to the parent');
  await t.mustSee(chip(page, child.number), 'the parent shows its link again');

  // L2 solves the child (API): the parent reopens with the resolution, live.
  await markPage(page);
  const resolution = `Credited after the node resync; customer balance updated (${mark}-res)`;
  await call(t, 'POST', `/api/v1/tickets/${child.id}/notes`, { body: resolution });
  await call(t, 'PATCH', `/api/v1/tickets/${child.id}`, { status: 'solved' });
  const resNote = messageWith(page.getByTestId('timeline'), `${mark}-res`, 'note');
  await t.mustSee(resNote, 'the child\'s resolution appears on the open parent as an internal note');
  const resText = await resNote.first().innerText();
  ok(resText.includes(`Escalation ${child.number} was solved`) && resText.includes(resolution),
    'the note names the child and quotes its resolution', resText);
  ok(await t.until(async () => (await statusShown(page)).value === 'open', 3000), 'the parent\'s status turns open',
    json(await statusShown(page)));
  ok(await t.until(async () => (await chipOf(page, child.number)).status === 'solved', 3000),
    'the link shows the child solved', json(await chipOf(page, child.number)));
  ok(await samePage(page), 'all of it live, without a reload');
  const frames = await ticketFrames(page);
  ok(frames.some((f) => f.id === parent.id && f.status === 'open') && frames.some((f) => f.id === child.id && f.status === 'solved'),
    'ticket frames carried the reopened parent and the solved child', json(frames.map((f) => [f.id, f.status])));
  ok((await ticketOf(t, parent.id)).status === 'open', 'the API says the parent is open');
  await t.shot(page, 'parent-reopened');
}, { timeoutMs: 40000 });

// ---- 3. the same in Chinese ----------------------------------------------------------------

await scenario('link labels and status words in a Chinese console', async (t) => {
  const mark = tag();
  const { l2, agent, parent } = await escalationDesk(t, 'bob', mark);
  const child = (await call(t, 'POST', `/api/v1/tickets/${parent.id}/escalate`, {
    group_id: l2.id, summary: `链上已确认，未入账 ${mark}`, actions_taken: '已核对交易哈希',
  })).ticket;
  const page = await t.newPage({ label: 'bob-zh', locale: 'zh-CN', initScript: () => localStorage.setItem('exdesk.uiLang', 'zh-CN') });
  await loginConsole(t, page, agent);
  await page.evaluate((n) => { location.hash = `#/ticket/${n}`; }, parent.number);
  await headerIs(t, page, parent.number, 'the Chinese console opens the parent');
  await t.mustSee(chip(page, child.number), 'its header links to the child');
  let c = await chipOf(page, child.number);
  ok(c.label === '已升级为' && c.status === '新建' && c.group === l2.name, 'the link reads 已升级为 … 新建', json(c));
  let s = await statusShown(page);
  ok(s.value === 'on_hold' && s.text === '挂起', 'the parent\'s status reads 挂起', json(s));
  await t.shot(page, 'zh-parent');

  await chip(page, child.number).first().click();
  await headerIs(t, page, child.number, 'the link opens the child');
  await t.mustSee(chip(page, parent.number), 'the child links back');
  c = await chipOf(page, parent.number);
  ok(c.label === '升级自' && c.status === '挂起', 'the link back reads 升级自 … 挂起', json(c));
  s = await statusShown(page);
  ok(s.text === '新建', 'the child\'s status reads 新建', json(s));
  await t.shot(page, 'zh-child');

  await chip(page, parent.number).first().click();
  await headerIs(t, page, parent.number, 'back on the parent');
  await t.mustSee(chip(page, child.number), 'with its link');
  await call(t, 'PATCH', `/api/v1/tickets/${child.id}`, { status: 'solved' });
  const after = await t.until(async () => {
    const v = await chipOf(page, child.number);
    return v.status === '已解决' ? v : null;
  }, 3000);
  ok(after, 'once L2 solves it the link reads 已解决, live', json(await chipOf(page, child.number)));
  ok(await t.until(async () => (await statusShown(page)).text === '处理中', 3000), 'and the reopened parent reads 处理中',
    json(await statusShown(page)));
  await t.shot(page, 'zh-parent-reopened');
}, { timeoutMs: 30000 });

await done();
