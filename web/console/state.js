// state.js — what the whole console shares: the signed-in agent, the desk's agents, groups
// and tags, and a small event bus the modules talk through.

export const state = {
  me: null,             // agent object from /auth/me
  agents: new Map(),    // id -> agent
  groups: new Map(),    // id -> group
  tags: [],             // [{name, count}]
  openTicketId: null,   // id of the ticket shown in the conversation pane
};

const bus = new EventTarget();
export function on(name, fn) { bus.addEventListener(name, (e) => fn(e.detail)); }
export function emit(name, detail) { bus.dispatchEvent(new CustomEvent(name, { detail })); }

export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
export const CHANNELS = ['email', 'chat', 'web', 'api', 'phone', 'telegram'];
export const PRIORITY_RANK = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Allowed status transitions (docs/api.md); setting the current state is a no-op. */
export const TRANSITIONS = {
  new: ['open', 'pending', 'on_hold', 'solved'],
  open: ['pending', 'on_hold', 'solved'],
  pending: ['open', 'on_hold', 'solved'],
  on_hold: ['open', 'pending', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
};

export function canWrite() { return !!state.me && state.me.role !== 'qa'; }
export function canSeeAll() { return !!state.me && ['admin', 'supervisor', 'qa'].includes(state.me.role); }
export function canEditCustomer() { return !!state.me && state.me.role !== 'qa'; }
/** Unmasked emails, uids and the original mails (docs/api.md: customer.pii; not qa). */
export function canSeePii() { return !!state.me && state.me.role !== 'qa'; }

/** Whether the API would show this ticket to me (agents: own groups + assigned). */
export function visibleToMe(tk) {
  const me = state.me;
  if (!me || !tk) return false;
  if (me.role !== 'agent') return true;
  return tk.assignee_id === me.id || (tk.group_id !== null && (me.groups || []).includes(tk.group_id));
}

export function agentName(id) {
  if (id === null || id === undefined) return '';
  const a = state.agents.get(id);
  return a ? a.name : `#${id}`;
}
export function groupName(id) {
  if (id === null || id === undefined) return '';
  const g = state.groups.get(id);
  return g ? g.name : `#${id}`;
}

/** Agents that may take a ticket of this group: active, not qa, member of the group (if any). */
export function assignableAgents(groupId) {
  return [...state.agents.values()].filter((a) => a.active && a.role !== 'qa' &&
    (groupId === null || groupId === undefined || (a.groups || []).includes(groupId)))
    .sort((a, b) => a.name.localeCompare(b.name));
}
