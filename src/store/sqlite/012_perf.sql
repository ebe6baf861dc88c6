-- 012_perf: the status-changing events of a ticket, found without reading its other events.
-- A ticket's SLA clocks are recomputed on every write that shows the ticket; a long chat has
-- hundreds of message events, and only its few create/update events can change the status.
-- (PostgreSQL has partial indexes too.)
CREATE INDEX events_ticket_state ON events(ticket_id, id)
    WHERE action IN ('ticket.create', 'ticket.update');
