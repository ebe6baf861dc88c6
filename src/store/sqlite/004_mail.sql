-- 004_mail: the email channel — every mail that reached the desk, the Message-IDs that thread
-- into a ticket, and an outbox that knows who a mail goes to and under which Message-ID.

-- Each inbound mail once, by its Message-ID (or a hash of its bytes when it has none): a
-- redelivery finds its row and changes nothing. The raw bytes stay retrievable.
CREATE TABLE mail_inbound (
    id          INTEGER PRIMARY KEY,
    dedupe_key  TEXT NOT NULL UNIQUE,
    sender      TEXT NOT NULL,                 -- From address (lower case), else envelope sender
    recipient   TEXT NOT NULL DEFAULT '',      -- the desk address it was sent to
    disposition TEXT NOT NULL CHECK (disposition IN ('created', 'appended', 'automatic', 'bounce')),
    reason      TEXT NOT NULL DEFAULT '',      -- why it was automatic, or which rule threaded it
    ticket_id   INTEGER REFERENCES tickets(id),
    message_id  INTEGER REFERENCES messages(id),
    raw         BLOB NOT NULL,
    received_at INTEGER NOT NULL
);
CREATE INDEX mail_inbound_sender ON mail_inbound(sender, received_at);
CREATE INDEX mail_inbound_message ON mail_inbound(message_id);
CREATE INDEX mail_inbound_ticket ON mail_inbound(ticket_id, id);

-- Message-IDs that belong to a ticket: those of mail it received and of mail it sent.
CREATE TABLE mail_threads (
    mail_id   TEXT PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id)
) WITHOUT ROWID;

-- How a message reached the desk, and where its quoted history starts (for folding).
ALTER TABLE messages ADD COLUMN via TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN fold_at INTEGER NOT NULL DEFAULT 0; -- bytes; 0 = nothing folded

-- The outbox, rebuilt with the recipient and our Message-ID fixed at enqueue time (a retry or a
-- restart sends the same mail, never a second one), a 'skipped' state (a chat reply the customer
-- read before the grace period ran out needs no email) and the time it left.
CREATE TABLE outbox_v2 (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('reply', 'ack')),
    channel         TEXT NOT NULL,
    ticket_id       INTEGER REFERENCES tickets(id),
    message_id      INTEGER REFERENCES messages(id),
    recipient       TEXT NOT NULL DEFAULT '',
    mail_id         TEXT UNIQUE,
    unless_read     INTEGER NOT NULL DEFAULT 0,  -- skip when the customer read message_id first
    status          TEXT NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'sent', 'failed', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    leased_until    INTEGER,                     -- a sender is on it until then (see mail_sender.c)
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    finished_at     INTEGER
);
-- Rows of the old outbox were never sent by anything: replies on chat tickets. Keep them as
-- skipped so the history stays honest.
INSERT INTO outbox_v2 (id, kind, channel, ticket_id, message_id, status, attempts,
                       next_attempt_at, last_error, created_at)
    SELECT id, 'reply', channel, ticket_id, message_id, 'skipped', attempts, next_attempt_at,
           'queued before the email channel existed', created_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_ticket ON outbox(ticket_id, id);
CREATE INDEX outbox_message ON outbox(message_id);
