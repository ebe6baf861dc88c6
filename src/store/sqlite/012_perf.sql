-- 012_perf: the status-changing events of a ticket, found without reading its other events.
-- A ticket's SLA clocks are recomputed on every write that shows the ticket; a long chat has
-- hundreds of message events, and only its few create/update events can change the status.
-- (PostgreSQL has partial indexes too.)
CREATE INDEX events_ticket_state ON events(ticket_id, id)
    WHERE action IN ('ticket.create', 'ticket.update');

-- The same clocks read each message's kind and time. With them in the ticket's message index,
-- that read never touches the message rows (and their bodies): the index replaces the old one,
-- whose (ticket_id, id) prefix it keeps for the conversation's pages.
CREATE INDEX messages_ticket_times ON messages(ticket_id, id, kind, created_at);
DROP INDEX messages_ticket;
