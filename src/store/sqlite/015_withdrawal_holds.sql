-- 015_withdrawal_holds: pending withdrawals the desk screened (docs/exchange/withdrawal-holds.md),
-- the holds it placed, their verification checklist, and the desk's proactive outreach.
--
-- One row per withdrawal the exchange announced (withdrawal.pending), unique by the exchange's
-- withdrawal id: a webhook delivered twice finds its row and does nothing again.
-- state: screened (allowed, nothing done), holding (decided to hold; the connector hold not yet
-- answered), held, release_requested (waiting for a second approver), released, cancelled.
-- hits: the risk rules that fired, as JSON [{code, severity, score, text}]; diff: the
-- character-level diff of a lookalike against the address it imitates, as JSON (NULL: none).
-- last_error: the connector's last refusal or failure for this hold ("" when the last call went
-- through), shown to the agent. challenge_id: the 2FA challenge waiting for the user's answer;
-- challenges: how many were sent (the next one's idempotency key, so a retried press asks once).
CREATE TABLE withdrawal_holds (
    id              INTEGER PRIMARY KEY,
    withdrawal_id   TEXT NOT NULL UNIQUE,
    uid             TEXT NOT NULL,
    asset           TEXT NOT NULL,
    network         TEXT NOT NULL,
    amount          TEXT NOT NULL,
    address         TEXT NOT NULL,
    memo            TEXT NOT NULL DEFAULT '',
    value_cents     INTEGER,
    decision        TEXT NOT NULL CHECK (decision IN ('allow','hold','hold_needs_second_approval')),
    second_approval INTEGER NOT NULL DEFAULT 0,
    compliance      INTEGER NOT NULL DEFAULT 0,
    score           INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL CHECK (state IN ('screened','holding','held','release_requested',
                                                   'released','cancelled')),
    hits            TEXT NOT NULL DEFAULT '[]',
    diff            TEXT,
    ticket_id       INTEGER REFERENCES tickets(id),
    customer_id     INTEGER REFERENCES customers(id),
    requested_by    INTEGER REFERENCES agents(id),
    requested_at    INTEGER,
    decided_by      INTEGER REFERENCES agents(id),
    decided_at      INTEGER,
    cancel_reason   TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    challenge_id    TEXT NOT NULL DEFAULT '',
    challenges      INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX withdrawal_holds_ticket ON withdrawal_holds(ticket_id);
CREATE INDEX withdrawal_holds_state ON withdrawal_holds(state);

-- The verification checklist of a hold: one row per item ticked (two_factor, kyc,
-- details_confirmed, scam_questions), with what was checked (JSON) and who ticked it when.
CREATE TABLE withdrawal_hold_checks (
    hold_id   INTEGER NOT NULL REFERENCES withdrawal_holds(id),
    item      TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '{}',
    agent_id  INTEGER REFERENCES agents(id),
    done_at   INTEGER NOT NULL,
    PRIMARY KEY (hold_id, item)
);

-- Proactive outreach: the desk wrote to a user first about something the exchange reported.
-- kind: deposit_missing_memo (fact: network:txid) or new_country_login (fact: login id). One
-- ticket per fact, however often the event comes.
CREATE TABLE exchange_outreach (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    fact       TEXT NOT NULL,
    uid        TEXT NOT NULL,
    ticket_id  INTEGER REFERENCES tickets(id),
    created_at INTEGER NOT NULL,
    UNIQUE (kind, fact)
);
