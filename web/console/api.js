// api.js — fetch wrapper for /api/v1: JSON in and out, the CSRF header on every
// state-changing request, one error type, a hook for 401 (back to login), and the server's
// clock as every answer's Date header tells it (for the SLA countdowns).

const BASE = '/api/v1';
const CSRF_KEY = 'exdesk.csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let onUnauthorized = () => {};

// The server's clock minus the browser's, in ms. A Date header has whole seconds, so an answer
// sent at `sent` and received at `received` (browser clock) says the offset lies within
// [date - received, date + 1000 - sent]; each answer narrows that range, and one outside it
// (either clock was set meanwhile) starts it over. The midpoint is the offset in use.
const skew = { lo: -Infinity, hi: Infinity, offset: 0 };

function noteServerDate(header, sent, received) {
  const date = Date.parse(header || '');
  if (!Number.isFinite(date)) return;
  let lo = date - received;
  let hi = date + 1000 - sent;
  if (lo <= skew.hi && hi >= skew.lo) { lo = Math.max(lo, skew.lo); hi = Math.min(hi, skew.hi); }
  skew.lo = lo;
  skew.hi = hi;
  skew.offset = Math.round((lo + hi) / 2);
  document.documentElement.dataset.clockOffset = String(skew.offset);
}

/** The server's time now (ms since the epoch), whatever the browser's clock says. */
export function serverNow() { return Date.now() + skew.offset; }

export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }
export function setCsrf(token) { token ? sessionStorage.setItem(CSRF_KEY, token) : sessionStorage.removeItem(CSRF_KEY); }
export function csrf() { return sessionStorage.getItem(CSRF_KEY) || ''; }

export class ApiError extends Error {
  constructor(status, code, message, field, retryAfter) {
    super(message || code || `HTTP ${status}`);
    this.status = status;      // HTTP status, 0 for a network failure
    this.code = code;          // e.g. "reply_collision", "invalid_transition", "network"
    this.field = field || null;
    this.retryAfter = retryAfter || null;
  }
}

/**
 * request('GET', '/tickets', {query: {status: 'open'}}) -> parsed JSON (null for 204).
 * opts.body is sent as JSON. opts.quiet401: don't trigger the login redirect (login itself).
 */
export async function request(method, path, opts = {}) {
  const url = new URL(BASE + path, location.origin);
  if (opts.query) {
    for (const [k, v] of Object.entries(opts.query)) {
      if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, Array.isArray(v) ? v.join(',') : String(v));
    }
  }
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', keepalive: !!opts.keepalive };
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  if (UNSAFE.has(method)) headers['X-CSRF-Token'] = csrf();
  if (opts.signal) init.signal = opts.signal;

  let res;
  const sent = Date.now();
  try {
    res = await fetch(url, init);
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'Network error — the server could not be reached');
  }
  noteServerDate(res.headers.get('Date'), sent, Date.now());
  if (res.status === 204) return null;
  let data = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const err = (data && data.error) || {};
    const e = new ApiError(res.status, err.code || `http_${res.status}`, err.message || res.statusText, err.field,
      res.headers.get('Retry-After'));
    e.details = err;   // the whole error object: some carry more (an import's per-line `lines`)
    if ((res.status === 401 || e.code === 'csrf_failed') && !opts.quiet401) onUnauthorized(e);
    throw e;
  }
  return data;
}

export const get = (path, query, opts = {}) => request('GET', path, { ...opts, query });
export const post = (path, body, opts = {}) => request('POST', path, { ...opts, body: body === undefined ? {} : body });
export const put = (path, body, opts = {}) => request('PUT', path, { ...opts, body });
export const patch = (path, body, opts = {}) => request('PATCH', path, { ...opts, body });
export const del = (path, opts = {}) => request('DELETE', path, opts);

/** All pages of a cursor-paginated list, up to max items. */
export async function getAll(path, key, query = {}, max = 1000) {
  const out = [];
  let cursor = null;
  do {
    const page = await get(path, { ...query, limit: 100, cursor });
    out.push(...(page[key] || []));
    cursor = page.next_cursor;
  } while (cursor && out.length < max);
  return out;
}

/** Human text for an error, for toasts. */
export function describe(e) {
  if (!(e instanceof ApiError)) return String((e && e.message) || e);
  const field = e.field ? ` (${e.field})` : '';
  if (e.code === 'rate_limited' && e.retryAfter) return `${e.message} — try again in ${e.retryAfter}s`;
  return `${e.message}${field}`;
}
