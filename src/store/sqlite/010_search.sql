-- 010_search: full-text search over tickets for agents (docs/internals/search.md "Tickets and
-- messages"), with the desk's one tokenizer (tokenize='exdesk', core/search_text.c).
--
-- Two indexes rather than one: a message is a row of messages and a subject a row of tickets,
-- and FTS5's external content maps one index row to one content row (snippet() and highlight()
-- read the text back from there, so it is stored once). A combined index would need a content
-- view that cannot look a row up by rowid, or a copy of every body. The store ranks a ticket by
-- its subject's BM25 weighted over its best message's (store/search.c).
--
-- Kept in step by triggers, as kb_fts is: FTS5's external-content 'delete' needs the old text,
-- which only a trigger has at hand, and a trigger cannot be forgotten by a future write path; it
-- runs inside the statement, so the index changes in the same transaction and group commit as
-- the row. The update triggers fire only when the text really changes: store_ticket_update
-- writes every column (subject too) on each status or assignee change, and re-indexing an
-- unchanged subject would cost a delete and an insert in the index for nothing.
-- Messages move between tickets on a merge (ticket_id changes, the body does not): the index
-- row follows by rowid, nothing to do.

CREATE VIRTUAL TABLE messages_fts USING fts5(
    body,
    content = 'messages', content_rowid = 'id',
    tokenize = 'exdesk'
);
CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_au AFTER UPDATE OF body ON messages
    WHEN old.body IS NOT new.body BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE VIRTUAL TABLE tickets_fts USING fts5(
    subject,
    content = 'tickets', content_rowid = 'id',
    tokenize = 'exdesk'
);
CREATE TRIGGER tickets_fts_ai AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, subject) VALUES (new.id, new.subject);
END;
CREATE TRIGGER tickets_fts_ad AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
END;
CREATE TRIGGER tickets_fts_au AFTER UPDATE OF subject ON tickets
    WHEN old.subject IS NOT new.subject BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
    INSERT INTO tickets_fts (rowid, subject) VALUES (new.id, new.subject);
END;

-- What the desk already holds.
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild');

-- The tokenizer version the indexes were built with. This literal is SEARCH_TEXT_VERSION as it
-- was when this file was written; store_open compares the setting with the compiled-in
-- SEARCH_TEXT_VERSION and rebuilds every exdesk index when they differ. Should they ever differ
-- here, the only cost is one extra rebuild at the first start, never a stale index.
INSERT INTO settings (key, value) VALUES ('search_text_version', '1')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
