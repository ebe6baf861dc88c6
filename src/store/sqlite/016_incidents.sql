-- 016_incidents: trading incidents, the tickets linked to them, replies to all of them, and
-- compensation lists paid through the exchange connector (docs/exchange/incidents.md).
--
-- pay_id is the incident id sent to the exchange's POST /v1/compensations: the exchange's own id
-- when it declared the incident (incident.declared webhook, kept in external_id, unique so a
-- repeated webhook declares nothing twice), else "exdesk-<id>". The exchange pays at most once
-- per (pay_id, uid), which is why a uid appears at most once per incident here too.
CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY,
    external_id TEXT UNIQUE,
    pay_id      TEXT UNIQUE,
    source      TEXT NOT NULL CHECK (source IN ('desk','exchange')),
    title       TEXT NOT NULL,
    products    TEXT NOT NULL,               -- comma list of product slugs
    keywords    TEXT NOT NULL DEFAULT '',    -- JSON array of strings (the link rule)
    description TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('investigating','identified','monitoring','resolved')),
    banner      TEXT NOT NULL DEFAULT '{}',  -- JSON object: language -> public text
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER,
    created_by  INTEGER REFERENCES agents(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    resolved_at INTEGER
);
CREATE INDEX incidents_status ON incidents(status, id);

-- how: 'rule' (the incident's rule matched) or 'hand' (an agent linked it). A link removed by
-- hand stays as removed = 1 so the rule does not put it back.
CREATE TABLE incident_tickets (
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    how         TEXT NOT NULL CHECK (how IN ('rule','hand')),
    removed     INTEGER NOT NULL DEFAULT 0,
    linked_by   INTEGER,
    linked_at   INTEGER NOT NULL,
    PRIMARY KEY (incident_id, ticket_id)
);
CREATE INDEX incident_tickets_ticket ON incident_tickets(ticket_id);

-- One reply to every linked ticket, posted in batches; incident_reply_targets records each
-- ticket it reached (or why not), so a batch run again never posts twice.
CREATE TABLE incident_replies (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    body        TEXT NOT NULL,
    bodies      TEXT NOT NULL DEFAULT '{}',  -- JSON object: language -> body
    set_status  TEXT,
    author_id   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    done_at     INTEGER
);
CREATE TABLE incident_reply_targets (
    reply_id   INTEGER NOT NULL REFERENCES incident_replies(id),
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    message_id INTEGER REFERENCES messages(id),
    outcome    TEXT NOT NULL CHECK (outcome IN ('sent','closed','merged','escalation')),
    PRIMARY KEY (reply_id, ticket_id)
);

-- A compensation list as imported: the exact CSV bytes and their SHA-256, approved by a second
-- person who confirms that hash, then paid row by row.
CREATE TABLE compensation_lists (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    csv         TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    n_rows      INTEGER NOT NULL,
    totals      TEXT NOT NULL,               -- JSON object: asset -> exact decimal text
    status      TEXT NOT NULL CHECK (status IN ('imported','approved','paid')),
    imported_by INTEGER NOT NULL REFERENCES agents(id),
    imported_at INTEGER NOT NULL,
    approved_by INTEGER REFERENCES agents(id),
    approved_at INTEGER,
    paid_at     INTEGER
);
CREATE INDEX compensation_lists_incident ON compensation_lists(incident_id);

CREATE TABLE compensation_rows (
    id              INTEGER PRIMARY KEY,
    list_id         INTEGER NOT NULL REFERENCES compensation_lists(id),
    incident_id     INTEGER NOT NULL REFERENCES incidents(id),
    line            INTEGER NOT NULL,
    uid             TEXT NOT NULL,
    asset           TEXT NOT NULL,
    amount          TEXT NOT NULL,
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','paid','failed')),
    error           TEXT NOT NULL DEFAULT '',
    compensation_id TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    paid_at         INTEGER,
    UNIQUE (incident_id, uid)
);
CREATE INDEX compensation_rows_list ON compensation_rows(list_id, id);
