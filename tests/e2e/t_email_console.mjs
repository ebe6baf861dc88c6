#!/usr/bin/env node
// t_email_console — the email channel in the agent console. A mail in Chinese (GB2312 subject
// and quoted-printable body with a quoted history) arrives over LMTP from a raw socket; the agent
// sees the ticket with the decoded subject, the new text with the history folded behind a
// toggle, "via email", the "Original" link and the acknowledgement in the Emails panel. The
// reply goes out over SMTP to a sink of the test's own: while the sink refuses connections the
// badge says Retrying with the error; once it accepts, the badge turns to "Sent to …" live. The
// sink got the reply once, threaded (ticket number in Subject, In-Reply-To the inbound
// Message-ID). A mail the sink refuses for good shows "Not delivered"; a qa may not download
// the original; markup in a mail stays text.
import net from 'node:net';
import {
  scenario, done, ok, note, loginConsole, ticketRow, messageWith, streamProbe, tag, freePort,
  ticketBySubject, PASSWORD,
} from './lib.mjs';

const DESK_ADDRESS = 'support@desk.test';
const SERVER_ENV = { EXDESK_OUTBOX_RETRY_MS: '200', EXDESK_OUTBOX_POLL_MS: '100' };

// ---- bytes of a Chinese mail ------------------------------------------------------------------

let gbTable = null;
/** str in GB2312 (the reverse of TextDecoder's table over the GB2312 rows). */
function gb2312(str) {
  if (!gbTable) {
    gbTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let hi = 0xa1; hi <= 0xf7; hi++) {
      for (let lo = 0xa1; lo <= 0xfe; lo++) {
        const ch = dec.decode(Uint8Array.of(hi, lo));
        if (ch.length === 1 && ch !== '\ufffd' && !gbTable.has(ch)) gbTable.set(ch, [hi, lo]);
      }
    }
  }
  const out = [];
  for (const ch of str) {
    const c = ch.codePointAt(0);
    if (c < 0x80) out.push(c);
    else if (gbTable.has(ch)) out.push(...gbTable.get(ch));
    else throw new Error(`${ch} is not in GB2312`);
  }
  return Buffer.from(out);
}

const encodedWord = (s) => `=?GB2312?B?${gb2312(s).toString('base64')}?=`;

/** Quoted-printable (RFC 2045) of bytes whose lines end in LF; CRLF out, lines ≤ 76. */
function quotedPrintable(buf) {
  const lines = [];
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i < buf.length && buf[i] !== 0x0a) continue;
    const bytes = buf.subarray(start, i);
    start = i + 1;
    const tokens = [...bytes].map((b, j) => {
      const last = j === bytes.length - 1;
      const plain = (b >= 33 && b <= 126 && b !== 0x3d) || ((b === 0x20 || b === 0x09) && !last);
      return plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    });
    let line = '';
    for (const tok of tokens) {
      if (line.length + tok.length > 75) { lines.push(`${line}=`); line = ''; }
      line += tok;
    }
    lines.push(line);
  }
  return lines.join('\r\n');
}

function chineseMail({ from, fromName, subject, body, messageId }) {
  return [
    `From: ${encodedWord(fromName)} <${from}>`,
    `To: ${DESK_ADDRESS}`,
    `Subject: ${encodedWord(subject)}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=GB2312',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(gb2312(body)),
    '',
  ].join('\r\n');
}

// ---- a line-based client and the two mail peers -----------------------------------------------

/** Replies of an SMTP-like server on sock: next() resolves to {code, text} of one whole reply. */
function replyReader(sock) {
  let buf = '';
  let lines = [];
  const ready = [];
  const waiting = [];
  sock.setEncoding('utf8');
  sock.on('data', (chunk) => {
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      lines.push(line);
      if (/^\d{3}(?: |$)/.test(line)) {
        const r = { code: Number(line.slice(0, 3)), text: lines.join('\n') };
        lines = [];
        if (waiting.length) waiting.shift()(r); else ready.push(r);
      }
    }
  });
  const fail = (why) => { while (waiting.length) waiting.shift()({ code: 0, text: why }); };
  sock.on('error', (e) => fail(e.message));
  sock.on('close', () => fail('connection closed'));
  return {
    next(ms = 10000) {
      if (ready.length) return Promise.resolve(ready.shift());
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ code: 0, text: `no reply within ${ms} ms` }), ms);
        waiting.push((r) => { clearTimeout(timer); resolve(r); });
      });
    },
  };
}

/**
 * Delivers one mail over LMTP (RFC 2033) from a raw socket; resolves to the dialogue:
 * [{step, code, text}] (greeting, LHLO, MAIL, RCPT per recipient, DATA, one reply per
 * recipient after the final dot, QUIT).
 */
async function lmtpDeliver(port, from, rcpts, message) {
  const sock = net.connect(port, '127.0.0.1');
  const rd = replyReader(sock);
  const log = [];
  const step = async (name, line) => {
    if (line !== undefined) sock.write(`${line}\r\n`);
    const r = await rd.next();
    log.push({ step: name, ...r });
    return r;
  };
  try {
    await step('greeting');
    await step('LHLO', 'LHLO client.example.cn');
    await step('MAIL', `MAIL FROM:<${from}>`);
    for (const r of rcpts) await step(`RCPT ${r}`, `RCPT TO:<${r}>`);
    if ((await step('DATA', 'DATA')).code === 354) {
      const stuffed = message.replace(/\r\n$/, '').split('\r\n').map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n');
      sock.write(`${stuffed}\r\n.\r\n`);
      for (const r of rcpts) await step(`after data for ${r}`);
    }
    await step('QUIT', 'QUIT');
  } finally {
    sock.destroy();
  }
  return log;
}

/**
 * A tiny SMTP server that records what it is given: {mails: [{from, to, raw}], listen(),
 * stop(), refuse(address)}. Stopped, its port refuses connections. Pushed to t.hosts so it goes
 * with the scenario.
 */
function smtpSink(t, port) {
  const sink = { mails: [], sessions: 0, refused: new Set(), sockets: new Set() };
  const server = net.createServer((sock) => {
    sink.sessions++;
    sink.sockets.add(sock);
    sock.on('close', () => sink.sockets.delete(sock));
    sock.on('error', () => {});
    const say = (s) => sock.write(`${s}\r\n`);
    let env = null;
    let data = null;
    let buf = '';
    say('220 sink.test ESMTP test sink');
    sock.on('data', (chunk) => {
      buf += chunk.toString('latin1');
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, '');
        buf = buf.slice(nl + 1);
        if (data) {
          if (line === '.') {
            sink.mails.push({ from: env.from, to: env.to, raw: Buffer.from(data.join('\r\n'), 'latin1').toString('utf8') });
            data = null;
            env = null;
            say(`250 2.0.0 queued as ${sink.mails.length}`);
          } else data.push(line.startsWith('.') ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        const arg = (line.match(/<([^>]*)>/) || [])[1] || '';
        if (verb === 'EHLO') say('250-sink.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 26214400');
        else if (verb === 'HELO') say('250 sink.test');
        else if (verb === 'MAIL') { env = { from: arg, to: [] }; say('250 2.1.0 ok'); }
        else if (verb === 'RCPT') {
          if (!env) say('503 5.5.1 MAIL first');
          else if (sink.refused.has(arg.toLowerCase())) say(`550 5.1.1 <${arg}>: no such mailbox here`);
          else { env.to.push(arg); say('250 2.1.5 ok'); }
        } else if (verb === 'DATA') {
          if (!env || !env.to.length) say('503 5.5.1 RCPT first');
          else { data = []; say('354 end with <CRLF>.<CRLF>'); }
        } else if (verb === 'RSET') { env = null; say('250 2.0.0 ok'); }
        else if (verb === 'NOOP') say('250 2.0.0 ok');
        else if (verb === 'QUIT') { say('221 2.0.0 bye'); sock.end(); }
        else say('502 5.5.2 not implemented');
      }
    });
  });
  sink.listen = () => new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  sink.stop = () => new Promise((resolve) => {
    for (const s of sink.sockets) s.destroy();
    if (!server.listening) { resolve(); return; }
    server.close(() => resolve());
  });
  sink.refuse = (address) => sink.refused.add(address.toLowerCase());
  sink.close = () => { sink.stop(); };
  t.hosts.push(sink);
  return sink;
}

// ---- reading what the sink got ----------------------------------------------------------------

function headerOf(raw, name) {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const m = head.match(new RegExp(`^${name}:[ \\t]*(.*)$`, 'im'));
  return m ? m[1].trim() : null;
}

/** RFC 2047 encoded words to text (B and Q, any charset TextDecoder knows). */
function decodeWords(s) {
  if (!s) return s;
  return s.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (m, cs, enc, text) => {
    try {
      const bytes = /b/i.test(enc) ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (x, hx) => String.fromCharCode(parseInt(hx, 16))), 'latin1');
      return new TextDecoder(cs).decode(bytes);
    } catch {
      return m;
    }
  });
}

/** Everything a mail could say its text in: raw, quoted-printable decoded, base64 blocks decoded. */
function mailTexts(raw) {
  const qp = Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (x, hx) => String.fromCharCode(parseInt(hx, 16))), 'latin1').toString('utf8');
  const b64 = (raw.match(/(?:^[A-Za-z0-9+/=]{16,}\r?\n)+/gm) || []).map((b) => Buffer.from(b.replace(/\s+/g, ''), 'base64').toString('utf8'));
  return [raw, qp, ...b64];
}
const mailSays = (mail, text) => mailTexts(mail.raw).some((x) => x.includes(text));

// ---- the console --------------------------------------------------------------------------------

async function openInAll(t, page, mark) {
  await page.getByTestId('view-all').click();
  await t.mustSee(ticketRow(page, mark), 'the mail\'s ticket is listed in the console', 15000);
  await ticketRow(page, mark).first().click();
}

const badgeOf = (msg) => msg.first().getByTestId('delivery');

async function badgeText(msg) {
  return (await badgeOf(msg).innerText({ timeout: 1000 }).catch(() => '')).trim();
}

await (async () => {
  const lmtpPort = await freePort();
  const smtpPort = await freePort();
  await scenario('a Chinese mail over LMTP, folded history, a reply that waits for SMTP and goes out', async (t) => {
    const mark = tag();
    const sink = smtpSink(t, smtpPort);
    await sink.listen();
    note(`LMTP 127.0.0.1:${lmtpPort}, SMTP sink 127.0.0.1:${smtpPort}`);
    const inboundId = `${mark}.1732080000@mail.example.cn`;
    const subject = `充值未到账 ${mark}`;
    const fresh = `你好，我的 USDT 充值还没有到账，交易哈希：0x9f${mark}。`;
    const payload = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;
    const old = `旧的内容 ${mark}-old`;
    const body = `${fresh}\n${payload}\n\n在 2026年11月20日 星期五 10:15，客服中心 <${DESK_ADDRESS}> 写道：\n> ${old}\n> 请提供您的交易哈希。\n`;
    const raw = chineseMail({ from: 'wang@example.cn', fromName: '王先生', subject, body, messageId: inboundId });

    const dialogue = await lmtpDeliver(lmtpPort, 'wang@example.cn', [DESK_ADDRESS], raw);
    const codes = dialogue.map((d) => `${d.step}=${d.code}`).join(' ');
    const codeOf = (s) => (dialogue.find((d) => d.step === s) || {}).code;
    ok(codeOf('greeting') === 220 && codeOf('LHLO') === 250, 'LMTP greets (220) and answers LHLO (250)', codes);
    ok(codeOf('MAIL') === 250 && codeOf(`RCPT ${DESK_ADDRESS}`) === 250 && codeOf('DATA') === 354,
      'LMTP takes MAIL FROM, RCPT TO (250) and DATA (354)', codes);
    t.must(codeOf(`after data for ${DESK_ADDRESS}`) === 250, 'LMTP accepts the mail after the final dot (250 for the recipient)', codes);
    ok(codeOf('QUIT') === 221, 'LMTP says goodbye (221)', codes);

    const ticket = await t.until(() => ticketBySubject(t, mark), 5000);
    t.must(ticket, 'the mail opened a ticket (admin API)');
    ok(ticket.subject === subject, 'the ticket\'s subject is the decoded Chinese subject', ticket.subject);
    ok(ticket.channel === 'email', 'the ticket\'s channel is email', ticket.channel);
    const stored = (await t.api('GET', `/api/v1/tickets/${ticket.id}/messages`)).body;
    const first = stored && stored.messages && stored.messages[0];
    note(`stored message: via=${first && first.via} body_visible=${JSON.stringify(first && first.body_visible)}`);

    const page = await t.newPage({ label: 'agent', initScript: streamProbe });
    await loginConsole(t, page, t.server.agents.sam);
    await openInAll(t, page, mark);
    const row = ticketRow(page, mark).first();
    ok((await row.innerText()).includes(subject), 'the list row shows the decoded Chinese subject', await row.innerText());
    await t.mustSee(page.getByTestId('ticket-subject').filter({ hasText: subject }), 'the open ticket\'s header shows the Chinese subject');

    const msg = messageWith(page, mark, 'customer');
    await t.mustSee(msg, 'the customer\'s mail is in the timeline');
    const shown = await msg.first().innerText();
    ok(shown.includes(fresh), 'the message shows the new text, decoded from GB2312 quoted-printable', shown);
    ok(!shown.includes(old) && !shown.includes('写道'), 'the quoted history is folded away (not visible)', shown);
    const quoted = msg.first().getByTestId('quoted');
    ok(await quoted.count() === 1 && await quoted.isHidden(), 'the folded part is there, hidden');
    const toggle = msg.first().getByTestId('quoted-toggle');
    ok(await toggle.evaluate((el) => el.tagName) === 'BUTTON' && await toggle.getAttribute('aria-expanded') === 'false',
      'the toggle is a button with aria-expanded="false"');
    const via = msg.first().getByTestId('via');
    ok(/via email/i.test(await via.innerText().catch(() => '')), 'the message is labelled "via email"', await via.innerText().catch(() => 'no label'));
    ok(shown.includes(payload), 'markup in the mail shows literally as text', shown);
    ok(await msg.first().locator('script, img').count() === 0, 'no element was made from the mail\'s markup');
    await t.shot(page, 'mail-folded');

    await toggle.click();
    await t.seen(msg.first().getByText(old), 'clicking the toggle shows the quoted history');
    ok(await toggle.getAttribute('aria-expanded') === 'true', 'the toggle now says aria-expanded="true"');
    ok((await quoted.innerText()).includes('写道'), 'the quote\'s "在 … 写道：" line is in the folded part', await quoted.innerText());
    await t.shot(page, 'mail-unfolded');
    await toggle.focus();
    await page.keyboard.press('Enter');
    ok(await t.until(async () => (await toggle.getAttribute('aria-expanded')) === 'false' && await quoted.isHidden(), 2000),
      'Enter on the focused toggle folds the history again');

    const original = msg.first().getByTestId('original');
    ok(await original.count() === 1, 'a supervisor sees the "Original" link');
    const href = await original.getAttribute('href').catch(() => null);
    const eml = href && await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, text: await r.text() };
    }, href);
    ok(eml && eml.status === 200 && eml.text.includes(inboundId) && eml.text.includes(encodedWord(subject)),
      'the Original link downloads the mail as it arrived', eml ? `${eml.status} ${eml.text.slice(0, 120)}` : 'no href');

    // The acknowledgement went out at once (the sink is open).
    const ack = page.locator('[data-testid="outbox-item"][data-kind="ack"]');
    await t.seen(ack, 'the Emails panel lists the acknowledgement');
    ok(await t.until(async () => /Sent to wang@example\.cn/.test(await ack.first().innerText()), 10000),
      'the acknowledgement is shown as sent to the customer', await ack.first().innerText().catch(() => ''));

    // The sink goes away: the reply has to wait.
    await sink.stop();
    const hint = page.getByTestId('reply-via');
    ok(/Reply by email to wang@example\.cn/.test(await hint.innerText().catch(() => '')),
      'the composer says the reply goes by email to the customer\'s address', await hint.innerText().catch(() => 'no hint'));
    await t.shot(page, 'composer-email-hint');
    const replyText = `您好，充值已到账 (${mark}-reply).`;
    await page.getByTestId('composer').fill(replyText);
    await page.getByTestId('send').click();
    const reply = messageWith(page, `${mark}-reply`, 'reply');
    await t.mustSee(reply, 'the reply is in the timeline');
    const firstBadge = await badgeText(reply);
    note(`first badge: ${firstBadge}`);
    const retrying = await t.until(async () => {
      const s = await badgeText(reply);
      return /^✉?\s*Retrying — .+, next try at \d{2}:\d{2}:\d{2}/.test(s) ? s : null;
    }, 10000);
    ok(retrying, 'with SMTP refusing connections the badge says Retrying — <error>, next try at HH:MM:SS', await badgeText(reply));
    ok(await badgeOf(reply).getAttribute('data-status') === 'queued', 'the retrying mail is still queued');
    await t.shot(page, 'reply-retrying');

    // The sink comes back: the badge turns without a reload.
    await page.evaluate(() => { window.__e2eSamePage = true; });
    await sink.listen();
    const sent = await t.until(async () => /Sent to wang@example\.cn/.test(await badgeText(reply)), 20000);
    ok(sent, 'once SMTP accepts, the badge turns to "Sent to wang@example.cn"', await badgeText(reply));
    ok(await page.evaluate(() => window.__e2eSamePage === true), 'it changed live, without a reload');
    const frames = await page.evaluate(() => (window.__e2eStream || []).filter((i) => i.type === 'delivery').map((i) => i.data));
    ok(frames.some((f) => f.includes('"sent"') && f.includes(`"ticket_id":${ticket.id}`)), 'a delivery frame told the console',
      `${frames.length} delivery frames`);
    const replyItem = page.locator('[data-testid="outbox-item"][data-kind="reply"]');
    ok(await t.until(async () => /Sent to wang@example\.cn/.test(await replyItem.first().innerText()), 3000),
      'the Emails panel shows the reply as sent too', await replyItem.first().innerText().catch(() => ''));
    await t.shot(page, 'reply-sent');

    // What the sink got.
    const replies = await t.until(() => { const l = sink.mails.filter((m) => mailSays(m, `${mark}-reply`)); return l.length ? l : null; }, 3000) || [];
    ok(replies.length === 1, 'the sink received the reply exactly once', `${replies.length} of ${sink.mails.length} mails`);
    const out = replies[0];
    if (out) {
      const subj = decodeWords(headerOf(out.raw, 'Subject'));
      ok(subj && subj.includes(ticket.number), 'the reply\'s Subject carries the ticket number', subj);
      ok((headerOf(out.raw, 'In-Reply-To') || '').includes(`<${inboundId}>`), 'In-Reply-To is the inbound Message-ID', headerOf(out.raw, 'In-Reply-To'));
      ok(out.to.length === 1 && out.to[0] === 'wang@example.cn', 'the reply went to the customer only', out.to.join(','));
    }
    const acks = sink.mails.filter((m) => !mailSays(m, `${mark}-reply`));
    ok(acks.length === 1, 'besides the reply the sink got one mail, the acknowledgement', `${acks.length}`);

    // In Chinese, after a reload (the state comes from the API now, not from frames).
    await page.evaluate(() => localStorage.setItem('exdesk.uiLang', 'zh-CN'));
    await page.reload();
    await t.mustSee(messageWith(page, `${mark}-reply`, 'reply'), 'after a reload in Chinese the ticket shows again');
    const zhReply = messageWith(page, `${mark}-reply`, 'reply');
    ok(/已发送至 wang@example\.cn/.test(await badgeText(zhReply)), 'the badge is in Chinese: 已发送至 …', await badgeText(zhReply));
    const zhMsg = messageWith(page, mark, 'customer').first();
    ok((await zhMsg.getByTestId('via').innerText().catch(() => '')).includes('通过邮件'), 'the channel label is in Chinese: 通过邮件');
    ok(await zhMsg.getByTestId('quoted-toggle').getAttribute('aria-label') === '显示引用的内容', 'the toggle\'s label is in Chinese');
    ok(/邮件/.test(await page.getByTestId('emails').innerText().catch(() => '')), 'the Emails panel is in Chinese');
    await t.shot(page, 'zh-CN');
    ok(sink.mails.length === 2, 'nothing was sent twice (the sink holds two mails at the end)', `${sink.mails.length}`);
  }, { timeoutMs: 90000, env: SERVER_ENV, args: ['--lmtp', `127.0.0.1:${lmtpPort}`, '--smtp', `smtp://127.0.0.1:${smtpPort}`] });
})();

await (async () => {
  const lmtpPort = await freePort();
  const smtpPort = await freePort();
  await scenario('a reply that cannot be delivered; the original is not for qa', async (t) => {
    const mark = tag();
    const sink = smtpSink(t, smtpPort);
    sink.refuse('nobody@example.cn');
    await sink.listen();
    const raw = chineseMail({ from: 'nobody@example.cn', fromName: '李四', subject: `提币问题 ${mark}`,
      body: `我的提币一直在处理中 ${mark}。\n`, messageId: `${mark}@mail.example.cn` });
    const dialogue = await lmtpDeliver(lmtpPort, 'nobody@example.cn', [DESK_ADDRESS], raw);
    t.must((dialogue.find((d) => d.step === `after data for ${DESK_ADDRESS}`) || {}).code === 250, 'LMTP accepts the mail',
      dialogue.map((d) => `${d.step}=${d.code}`).join(' '));
    const ticket = await t.until(() => ticketBySubject(t, mark), 5000);
    t.must(ticket, 'the mail opened a ticket');

    const page = await t.newPage({ label: 'agent' });
    await loginConsole(t, page, t.server.agents.sam);
    await openInAll(t, page, mark);
    await t.mustSee(messageWith(page, mark, 'customer'), 'the mail is in the timeline');
    ok(await messageWith(page, mark, 'customer').first().getByTestId('quoted-toggle').count() === 0,
      'a mail without quoted history has no toggle');
    await page.getByTestId('composer').fill(`We are checking (${mark}-reply).`);
    await page.getByTestId('send').click();
    const reply = messageWith(page, `${mark}-reply`, 'reply');
    await t.mustSee(reply, 'the reply is in the timeline');
    const failed = await t.until(async () => /^✉?\s*Not delivered: .+/.test(await badgeText(reply)), 10000);
    ok(failed, 'a mailbox the server refuses for good: the badge says "Not delivered: <error>"', await badgeText(reply));
    ok(await badgeOf(reply).getAttribute('data-status') === 'failed', 'the delivery is failed');
    const look = await badgeOf(reply).evaluate((el) => getComputedStyle(el).color);
    ok(look === 'rgb(198, 40, 40)', 'it is shown as an error (the console\'s danger red)', look);
    const ack = page.locator('[data-testid="outbox-item"][data-kind="ack"]');
    ok(await t.until(async () => /Not delivered/.test(await ack.first().innerText()), 5000),
      'the Emails panel shows the acknowledgement was not delivered either', await ack.first().innerText().catch(() => 'no ack'));
    await t.shot(page, 'not-delivered');
    ok(sink.mails.length === 0, 'the sink accepted nothing', `${sink.mails.length}`);

    // A qa reads tickets with masked personal data: no original mail for them.
    const qa = { email: `qa-${mark}@e2e.test`, name: 'Quinn QA', role: 'qa', password: PASSWORD };
    const made = await t.api('POST', '/api/v1/agents', { email: qa.email, name: qa.name, role: qa.role, password: PASSWORD,
      groups: [t.server.groupId] });
    t.must(made.status === 201, 'a qa account is created', `${made.status} ${made.text}`);
    const qaPage = await t.newPage({ label: 'qa' });
    await loginConsole(t, qaPage, qa);
    await openInAll(t, qaPage, mark);
    const qaMsg = messageWith(qaPage, mark, 'customer');
    await t.mustSee(qaMsg, 'the qa sees the mail');
    ok(await qaMsg.first().getByTestId('original').count() === 0, 'the qa is not offered the Original link');
    const url = `/api/v1/tickets/${ticket.id}/messages/${(await qaMsg.first().getAttribute('data-id'))}/original`;
    const status = await qaPage.evaluate(async (u) => (await fetch(u)).status, url);
    t.allowConsole(/status of 403 .*\/original$/);
    ok(status === 403, 'the server refuses the original to a qa (403)', status);
    await t.shot(qaPage, 'qa-view');
  }, { timeoutMs: 60000, env: SERVER_ENV, args: ['--lmtp', `127.0.0.1:${lmtpPort}`, '--smtp', `smtp://127.0.0.1:${smtpPort}`] });
})();

await done();
