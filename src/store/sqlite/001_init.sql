-- 001_init.sql — the first cut of the data model (DESIGN.md "Data").
-- Times are integer milliseconds since the epoch (UTC). Enumerations are text, checked here
-- and validated again at the edge. Foreign keys are on.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Named counters allocated inside write transactions (ticket numbers).
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('ticket_number', 100000);

CREATE TABLE groups (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    tier         TEXT NOT NULL CHECK (tier IN ('L1','L2','expert','vip')),
    languages    TEXT NOT NULL DEFAULT '',      -- comma list of BCP 47 tags, '' = any
    product_area TEXT NOT NULL DEFAULT '',
    vip          INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE agents (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,          -- stored lowercase
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin','supervisor','agent','qa')),
    tier          TEXT NOT NULL DEFAULT 'L1' CHECK (tier IN ('L1','L2','expert')),
    languages     TEXT NOT NULL DEFAULT '',
    password_hash TEXT,                          -- argon2id string, NULL = cannot log in
    active        INTEGER NOT NULL DEFAULT 1,
    presence      TEXT NOT NULL DEFAULT 'offline' CHECK (presence IN ('online','away','offline')),
    presence_at   INTEGER NOT NULL DEFAULT 0,
    shift         TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE agent_groups (
    agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    PRIMARY KEY (agent_id, group_id)
);
CREATE INDEX agent_groups_group ON agent_groups(group_id);

CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,            -- hex SHA-256 of the cookie value
    agent_id    INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    agent_id     INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,                  -- first characters, to recognise a token
    token_hash   TEXT NOT NULL UNIQUE,           -- hex SHA-256 of the secret
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);

CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    language   TEXT NOT NULL DEFAULT '',
    vip_tier   INTEGER NOT NULL DEFAULT 0 CHECK (vip_tier BETWEEN 0 AND 5),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- One person across channels: an email, an exchange uid, a chat visitor id, a telegram id.
CREATE TABLE customer_identities (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('email','exchange_uid','chat_visitor','telegram')),
    value       TEXT NOT NULL,
    verified    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    UNIQUE (kind, value)
);
CREATE INDEX customer_identities_customer ON customer_identities(customer_id);

CREATE TABLE categories (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
INSERT INTO categories (slug, name) VALUES
    ('deposit', 'Deposit'), ('withdrawal', 'Withdrawal'), ('account', 'Account & login'),
    ('kyc', 'Identity verification (KYC)'), ('security', 'Security & fraud'),
    ('futures', 'Futures & margin'), ('p2p', 'P2P trading'), ('trading', 'Spot trading'),
    ('recovery', 'Deposit recovery'), ('other', 'Other');

CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY,
    number            INTEGER NOT NULL UNIQUE,
    subject           TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('new','open','pending','on_hold','solved','closed')),
    priority          TEXT NOT NULL CHECK (priority IN ('low','normal','high','urgent')),
    channel           TEXT NOT NULL,
    language          TEXT NOT NULL DEFAULT '',
    category          TEXT REFERENCES categories(slug),
    customer_id       INTEGER NOT NULL REFERENCES customers(id),
    group_id          INTEGER REFERENCES groups(id),
    assignee_id       INTEGER REFERENCES agents(id),
    parent_id         INTEGER REFERENCES tickets(id),
    merged_into_id    INTEGER REFERENCES tickets(id),
    vip               INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    first_reply_at    INTEGER,
    solved_at         INTEGER,
    closed_at         INTEGER
);
CREATE INDEX tickets_status ON tickets(status, id);
CREATE INDEX tickets_group ON tickets(group_id, id);
CREATE INDEX tickets_assignee ON tickets(assignee_id, id);
CREATE INDEX tickets_customer ON tickets(customer_id, id);
CREATE INDEX tickets_parent ON tickets(parent_id);

CREATE TABLE ticket_links (
    id         INTEGER PRIMARY KEY,
    parent_id  INTEGER NOT NULL REFERENCES tickets(id),
    child_id   INTEGER NOT NULL REFERENCES tickets(id),
    kind       TEXT NOT NULL CHECK (kind IN ('escalation','followup','merged','related')),
    created_at INTEGER NOT NULL
);
CREATE INDEX ticket_links_parent ON ticket_links(parent_id);
CREATE INDEX ticket_links_child ON ticket_links(child_id);

CREATE TABLE ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (ticket_id, tag)
);
CREATE INDEX ticket_tags_tag ON ticket_tags(tag);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    kind        TEXT NOT NULL CHECK (kind IN ('reply','note','customer','system')),
    author_type TEXT NOT NULL CHECK (author_type IN ('agent','customer','system')),
    author_id   INTEGER,
    body        TEXT NOT NULL,
    body_html   TEXT,                            -- sanitised HTML, when a channel gave some
    created_at  INTEGER NOT NULL
);
CREATE INDEX messages_ticket ON messages(ticket_id, id);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    message_id   INTEGER NOT NULL REFERENCES messages(id),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB,
    created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_message ON attachments(message_id);

-- Append-only, hash-chained audit trail; also the feed for push, outbox and timers.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    actor_type  TEXT NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   INTEGER NOT NULL,
    ticket_id   INTEGER,
    before      TEXT,
    after       TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX events_ticket ON events(ticket_id, id);

-- Messages and notifications waiting to leave (email, chat push, webhooks), with retries.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,               -- 'reply' for now
    channel         TEXT NOT NULL,
    ticket_id       INTEGER REFERENCES tickets(id),
    message_id      INTEGER REFERENCES messages(id),
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
