-- 013_exchange_events: webhooks received from the exchange (docs/connector.md "Webhooks").
-- Each is kept once by the exchange's event id (a repeat is answered 200 and ignored), then
-- worked by the exchange event worker (src/api/exchange_events.c) outside the request: a
-- pending withdrawal is screened and maybe held, a deposit without its memo opens a ticket...
-- status: new (to work, at next_at), done, failed (given up, error says why), ignored (a type
-- this desk does not act on). ticket_id: the ticket the event opened or touched, if any.
CREATE TABLE exchange_events (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL UNIQUE,
    type        TEXT NOT NULL,
    body        TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','done','failed','ignored')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     INTEGER NOT NULL,
    error       TEXT NOT NULL DEFAULT '',
    ticket_id   INTEGER REFERENCES tickets(id),
    done_at     INTEGER
);
CREATE INDEX exchange_events_due ON exchange_events(next_at) WHERE status = 'new';
