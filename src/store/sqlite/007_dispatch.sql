-- 007_dispatch: what the dispatcher keeps beside the tickets.
-- sla_timers: per ticket, when the scheduler must look at its SLA clocks next (the instant just
-- after the next warning or breach; NULL when nothing can fire until the ticket changes), and
-- which warnings and breaches it already recorded, so each is recorded once: bit (metric * 2 +
-- kind) of `fired`, kind 0 = warning, 1 = breach; the next-response bits belong to cycle
-- nr_cycle and start afresh with each new customer wait.
CREATE TABLE sla_timers (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
    wake_at   INTEGER,
    fired     INTEGER NOT NULL DEFAULT 0,
    nr_cycle  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sla_timers_wake ON sla_timers(wake_at) WHERE wake_at IS NOT NULL;
