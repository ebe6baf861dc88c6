-- 006_sla_shifts: SLA policies, business calendars and working shifts become data the admins
-- edit, and agents gain the fields assignment reads (shift, skills, VIP, capacity).
-- Calendars and shifts keep the canonical text form of core/calendar.h and core/shift.h (the API
-- validates and normalises it), so a stored spec always parses. The sla_generation counter
-- changes in the transaction of every edit of these tables and of agents' routing fields: readers
-- keep a parsed copy and rebuild it only when the counter moved.
CREATE TABLE calendars (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    spec       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE shifts (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    spec       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE sla_policies (
    id                INTEGER PRIMARY KEY,
    position          INTEGER NOT NULL,
    name              TEXT NOT NULL UNIQUE,
    enabled           INTEGER NOT NULL DEFAULT 1,
    priorities        TEXT NOT NULL DEFAULT '',   -- comma list of low,normal,high,urgent; '' = any
    channels          TEXT NOT NULL DEFAULT '',   -- comma list of channel names; '' = any
    vip_min           INTEGER NOT NULL DEFAULT 0,
    vip_max           INTEGER,                    -- NULL = and above
    first_response_ms INTEGER NOT NULL DEFAULT 0, -- business ms; 0 = no target
    next_response_ms  INTEGER NOT NULL DEFAULT 0,
    resolution_ms     INTEGER NOT NULL DEFAULT 0,
    warn_percent      INTEGER NOT NULL DEFAULT 80,
    pause_on_hold     INTEGER NOT NULL DEFAULT 0,
    calendar_id       INTEGER REFERENCES calendars(id), -- NULL = 24/7
    breach_actions    TEXT NOT NULL DEFAULT '{}', -- {"raise_priority","notify_supervisor","reassign"}
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX sla_policies_position ON sla_policies(position, id);
CREATE INDEX sla_policies_calendar ON sla_policies(calendar_id);

-- The old text column agents.shift stays (SQLite cannot drop it cheaply) but nothing reads it.
ALTER TABLE agents ADD COLUMN shift_id INTEGER REFERENCES shifts(id); -- NULL = no shift: always on
ALTER TABLE agents ADD COLUMN skills TEXT NOT NULL DEFAULT '';        -- comma list of product areas
ALTER TABLE agents ADD COLUMN vip_capable INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN max_chats INTEGER NOT NULL DEFAULT 3;   -- concurrent chats (chat, telegram)
ALTER TABLE agents ADD COLUMN max_tickets INTEGER NOT NULL DEFAULT 20; -- open tickets of other channels
CREATE INDEX agents_shift ON agents(shift_id);

INSERT INTO counters (name, value) VALUES ('sla_generation', 1);

-- The two shifts the text column named, as the desk in Singapore runs them.
INSERT INTO shifts (name, spec, created_at, updated_at)
VALUES ('day', 'tz=Asia/Singapore; mon-sun 09:00-24:00',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
       ('night', 'tz=Asia/Singapore; mon-sun 00:00-09:00',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
UPDATE agents SET shift_id = (SELECT id FROM shifts WHERE shifts.name = agents.shift)
WHERE shift IN ('day', 'night');

-- The built-in demo table of core/sla_policy.c (sla_demo_policies), same order and targets, so a
-- desk upgraded to this version keeps the SLA it had. No breach actions: a desk chooses them
-- (the demo desk's seed turns them on for VIP and chat policies).
INSERT INTO sla_policies (position, name, priorities, channels, vip_min, vip_max,
                          first_response_ms, next_response_ms, resolution_ms, warn_percent,
                          breach_actions, created_at, updated_at)
SELECT p.position, p.name, p.priorities, p.channels, p.vip_min, NULL, p.fr, p.nr, p.res, 80,
       p.actions, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
       CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
FROM (SELECT 1 AS position, 'vip-chat' AS name, '' AS priorities, 'chat,telegram' AS channels,
             1 AS vip_min, 30000 AS fr, 60000 AS nr, 1800000 AS res,
             '{}' AS actions
      UNION ALL SELECT 2, 'urgent-chat', 'urgent', 'chat,telegram', 0, 30000, 60000, 1800000, '{}'
      UNION ALL SELECT 3, 'chat', '', 'chat,telegram', 0, 60000, 120000, 3600000,
                       '{}'
      UNION ALL SELECT 4, 'vip', '', 'email,web,api,phone', 1, 300000, 900000, 14400000,
                       '{}'
      UNION ALL SELECT 5, 'urgent', 'urgent', 'email,web,api,phone', 0, 300000, 1800000, 14400000,
                       '{}'
      UNION ALL SELECT 6, 'standard', '', '', 0, 600000, 3600000, 86400000, '{}') AS p
ORDER BY p.position;
