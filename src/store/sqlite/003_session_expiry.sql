-- 003_session_expiry.sql — expired sessions are deleted at each sign-in; without these indexes
-- that delete would scan every session row on a path customers hit on every new chat.
CREATE INDEX sessions_expires ON sessions(expires_at);
CREATE INDEX widget_sessions_expires ON widget_sessions(expires_at);
