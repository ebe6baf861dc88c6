// stream.js — the agent push stream (GET /api/v1/stream, Server-Sent Events).
// Resumes after a drop: EventSource resends Last-Event-ID by itself while it retries; when the
// browser gives up (HTTP error, proxy closing), we reopen with ?since=<last id seen>.
// Committed items (those with an id) can arrive twice around a reconnect: they are de-duplicated.

import { get } from './api.js';

const TYPES = ['ticket', 'message', 'delivery', 'typing', 'viewers', 'read', 'csat', 'agent'];
const EPHEMERAL = new Set(['typing', 'viewers']);   // never carry an id, never replayed
const BACKOFF = [1000, 2000, 5000, 10000, 20000, 30000];
const SEEN_MAX = 4000;

export class Stream {
  /** handlers: {onEvent(type, data, id), onStatus(status), onResync()} */
  constructor(url, handlers) {
    this.url = url;
    this.h = handlers;
    this.es = null;
    this.lastId = 0;          // highest committed id received
    this.seen = new Set();    // keys of committed items already handled
    this.seenOrder = [];
    this.attempt = 0;
    this.timer = null;
    this.stopped = true;
    this.everOpened = false;
    this.status = 'connecting';
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.es) { this.es.close(); this.es = null; }
    this.setStatus('stopped');
  }

  setStatus(s) {
    if (s === this.status) return;
    this.status = s;
    if (this.h.onStatus) this.h.onStatus(s);
  }

  open() {
    if (this.stopped) return;
    const url = this.lastId ? `${this.url}?since=${encodeURIComponent(this.lastId)}` : this.url;
    const es = new EventSource(url, { withCredentials: true });
    this.es = es;
    this.setStatus(this.everOpened ? 'reconnecting' : 'connecting');
    es.onopen = () => {
      const wasOpened = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.setStatus('live');
      // Without an id to resume from, anything that happened while we were away is unknown.
      if (wasOpened && !this.lastId && this.h.onResync) this.h.onResync();
    };
    es.onerror = () => {
      if (es !== this.es) return;
      if (es.readyState === EventSource.CONNECTING) { this.setStatus('reconnecting'); return; }
      // CLOSED: the browser will not retry (non-200, wrong type). Check the session, then back off.
      es.close();
      this.es = null;
      this.setStatus('down');
      const delay = BACKOFF[Math.min(this.attempt, BACKOFF.length - 1)];
      this.attempt++;
      clearTimeout(this.timer);
      this.timer = setTimeout(async () => {
        try { await get('/auth/me'); } catch (e) { if (e.status === 401) return; }
        this.open();
      }, delay);
    };
    for (const type of TYPES) es.addEventListener(type, (e) => this.dispatch(type, e));
  }

  dispatch(type, e) {
    let data;
    try { data = JSON.parse(e.data); } catch { return; }
    const id = Number(e.lastEventId) || 0;
    if (!EPHEMERAL.has(type)) {
      // lastEventId sticks to the last id sent, so key on the payload too.
      const key = `${e.lastEventId}|${type}|${e.data}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      this.seenOrder.push(key);
      if (this.seenOrder.length > SEEN_MAX) this.seen.delete(this.seenOrder.shift());
      if (id > this.lastId) this.lastId = id;
    }
    try { this.h.onEvent(type, data, id); } catch (err) { console.error('stream handler', type, err); }
  }
}
