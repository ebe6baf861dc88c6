-- 014_recovery: deposit-recovery cases (issue 8 item 3; docs/exchange/recovery.md).
-- One row per "deposit not arrived" form, from the help center, the widget or an agent. The
-- classification comes from src/core/recovery.h with the facts the exchange connector reported;
-- every case has a ticket (category recovery) that carries the customer's words, the facts as an
-- internal note and the outcome as a public reply.
-- state: checking (filed, the exchange not asked yet or being asked), waiting (not final yet;
-- re-checked at eta_at), approval (a credit waits for a second person), crediting (a credit was
-- decided and is being sent), credited, closed, review (with the Recovery group), error (the
-- exchange failed to answer; retry).
-- The idempotency key of the credit is "recovery:<id>": sent again after an error, the exchange
-- answers the first credit and never credits twice.
CREATE TABLE recovery_cases (
    id                  INTEGER PRIMARY KEY,
    reference           TEXT NOT NULL UNIQUE,
    ticket_id           INTEGER REFERENCES tickets(id),
    customer_id         INTEGER NOT NULL REFERENCES customers(id),
    source              TEXT NOT NULL CHECK (source IN ('help','widget','agent')),
    uid                 TEXT NOT NULL DEFAULT '',
    uid_verified        INTEGER NOT NULL DEFAULT 0,
    email               TEXT NOT NULL DEFAULT '',
    language            TEXT NOT NULL DEFAULT 'en',
    asset               TEXT NOT NULL,
    network             TEXT NOT NULL,
    txid                TEXT NOT NULL,
    address             TEXT NOT NULL,
    memo                TEXT NOT NULL DEFAULT '',
    memo_used           TEXT NOT NULL DEFAULT '',
    amount              TEXT NOT NULL,
    sender              TEXT NOT NULL DEFAULT '',
    note                TEXT NOT NULL DEFAULT '',
    state               TEXT NOT NULL DEFAULT 'checking'
        CHECK (state IN ('checking','waiting','approval','crediting','credited','closed',
                         'review','error')),
    code                TEXT NOT NULL DEFAULT '',
    action              TEXT NOT NULL DEFAULT '',
    message_key         TEXT NOT NULL DEFAULT '',
    manual_reason       TEXT NOT NULL DEFAULT '',
    summary             TEXT NOT NULL DEFAULT '',
    facts               TEXT NOT NULL DEFAULT '{}',
    value_minor         INTEGER,
    fee_minor           INTEGER,
    fee_amount          TEXT NOT NULL DEFAULT '',
    credit_amount       TEXT NOT NULL DEFAULT '',
    eta_at              INTEGER,
    sla_due_at          INTEGER,
    automatic           INTEGER NOT NULL DEFAULT 0,
    credit_requested_by INTEGER REFERENCES agents(id),
    approved_by         INTEGER REFERENCES agents(id),
    deposit_id          TEXT NOT NULL DEFAULT '',
    close_reason        TEXT NOT NULL DEFAULT '',
    error               TEXT NOT NULL DEFAULT '',
    checks              INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    credited_at         INTEGER
);
CREATE INDEX recovery_cases_tx ON recovery_cases(network, txid);
CREATE INDEX recovery_cases_ticket ON recovery_cases(ticket_id);
CREATE INDEX recovery_cases_state ON recovery_cases(state, id);
