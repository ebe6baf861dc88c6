/* state.js — what the whole widget frame shares: the settings (API path, timings), storage that
 * survives blocked third-party storage, the storage keys, and the one state object S. */

export var I18N = window.ExdeskI18n;
export var API = '/api/v1';
export var MAX_ATTACHMENT = 5 * 1024 * 1024;
export var TYPING_THROTTLE_MS = 3000;
export var TYPING_SHOW_MS = 8000;
export var POLL_MS = 3000;
export var STREAM_RETRY_MS = 30000;
export var STREAM_MAX_ERRORS = 3;
export var STATUS_REFRESH_MS = 60000;
export var EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export var OPEN_STATUSES = {new: 1, open: 1, pending: 1, on_hold: 1};

/* ---------------------------------------------------------------- storage ---- */
/* Third-party storage can be blocked (Safari, strict Firefox): then the widget still works for
 * this page view, it just does not resume after a reload. */
var memoryStore = {};
export function storeGet(area, key) {
	try {
		var v = window[area].getItem(key);
		if (v !== null)
			return v;
	} catch (e) { /* blocked */ }
	return Object.prototype.hasOwnProperty.call(memoryStore, area + key) ? memoryStore[area + key] : null;
}
export function storeSet(area, key, value) {
	memoryStore[area + key] = value;
	try {
		if (value === null)
			window[area].removeItem(key);
		else
			window[area].setItem(key, value);
	} catch (e) { /* blocked */ }
}
export function storeJSON(area, key) {
	try {
		return JSON.parse(storeGet(area, key) || 'null');
	} catch (e) {
		return null;
	}
}
export var K_SESSION = 'exdesk.session';
export var K_VISITOR = 'exdesk.visitor_id';
export var K_LANG = 'exdesk.lang';
export var K_CONV = 'exdesk.conversation';
export var K_CONTACT_SKIPPED = 'exdesk.contact_skipped';

/* ------------------------------------------------------------------ state ---- */
export var hashParams = new URLSearchParams(location.hash.replace(/^#/, ''));
export var S = {
	embedded: window.parent !== window,
	parentOrigin: null,
	started: false,
	config: null,
	lang: 'en',
	token: null,
	customer: null,
	visitorId: null,
	verifyFailed: false,
	status: null,
	conversations: [],
	convId: null,
	view: 'loading',
	messages: {},          /* id -> message, current conversation only */
	elements: {},          /* id -> element */
	lastMessageId: 0,
	lastOtherId: 0,        /* newest message not written by the customer */
	lastReadPosted: 0,
	agentReadUpTo: 0,
	unreadConvs: {},
	lastEventId: '',
	es: null,
	esErrors: 0,
	streamDown: false,
	pollTimer: null,
	pollCount: 0,
	streamRetryTimer: null,
	open: window.parent === window,
	unread: 0,
	typingSentAt: 0,
	typingActive: false,
	typingHideTimer: null,
	csatRating: 0,
	csatState: null,       /* null | 'prompt' | 'done' */
	contactMode: null,     /* null | 'required' | 'optional' */
	pendingText: null,
	renewing: null
};
