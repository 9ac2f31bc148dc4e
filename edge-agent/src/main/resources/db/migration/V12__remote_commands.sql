-- Commands a relay sent this box that changed something (docs/relay.md, Once only). A row is written in the same
-- transaction as the change, so a command the broker delivers again after a crash is never applied twice; reply
-- is the CommandReply published for it (null when the box stopped between the change and its answer). Reads leave
-- no row. Rows older than a day are pruned: the broker drops an undelivered command after 10 s.
CREATE TABLE remote_commands (
    command_id  TEXT PRIMARY KEY NOT NULL,
    reply       BLOB,
    received_at INTEGER NOT NULL
);
CREATE INDEX remote_commands_received_at ON remote_commands (received_at);
