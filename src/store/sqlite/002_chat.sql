-- 002_chat.sql — live chat: widget sessions, satisfaction ratings, read state.

-- A widget session: a customer (anonymous visitor or verified exchange user) talking from a
-- browser. The token is shown once; only its SHA-256 is kept.
CREATE TABLE widget_sessions (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    verified    INTEGER NOT NULL DEFAULT 0,
    language    TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);

-- One rating per ticket, given by its customer, counted for the agent who had it.
CREATE TABLE csat (
    ticket_id   INTEGER PRIMARY KEY REFERENCES tickets(id),
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment     TEXT NOT NULL DEFAULT '',
    agent_id    INTEGER REFERENCES agents(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX csat_agent ON csat(agent_id);

-- How far each side has read a conversation.
CREATE TABLE read_marks (
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    reader     TEXT NOT NULL CHECK (reader IN ('customer','agent')),
    message_id INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, reader)
);
