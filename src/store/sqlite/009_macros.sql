-- 009_macros: canned replies. A macro has a name (unique on the desk), a scope (group_id: agents
-- of that group see it; NULL: everyone), its actions (status and priority to set, NULL = keep;
-- tags to add and remove as comma lists of normalised tags; a public reply or an internal note)
-- and one text per locale in macro_variants, one of which (default_locale) is used when the
-- ticket's language has none. The API validates everything before it is stored.
CREATE TABLE macros (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    group_id       INTEGER REFERENCES groups(id),
    default_locale TEXT NOT NULL,
    set_status     TEXT CHECK (set_status IN ('open','pending','on_hold','solved')),
    set_priority   TEXT CHECK (set_priority IN ('low','normal','high','urgent')),
    add_tags       TEXT NOT NULL DEFAULT '',
    remove_tags    TEXT NOT NULL DEFAULT '',
    public_reply   INTEGER NOT NULL DEFAULT 1,
    created_by     INTEGER REFERENCES agents(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX macros_group ON macros(group_id);

CREATE TABLE macro_variants (
    macro_id   INTEGER NOT NULL REFERENCES macros(id) ON DELETE CASCADE,
    locale     TEXT NOT NULL CHECK (locale IN ('en','zh-CN','zh-TW','ja','ko','ru','es','vi','tr')),
    body       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (macro_id, locale)
);
