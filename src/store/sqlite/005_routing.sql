-- 005_routing: the admins' routing rules. A rule is kept as the JSON the API validated (its
-- conditions and actions); position orders them (first match wins). The routing_generation
-- counter changes with every edit, so the writer rebuilds its compiled rule set only then.
CREATE TABLE routing_rules (
    id         INTEGER PRIMARY KEY,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    enabled    INTEGER NOT NULL DEFAULT 1,
    conditions TEXT NOT NULL,
    actions    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX routing_rules_position ON routing_rules(position, id);
INSERT INTO counters (name, value) VALUES ('routing_generation', 1);
