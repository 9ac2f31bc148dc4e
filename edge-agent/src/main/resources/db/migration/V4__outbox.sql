-- What sync needs of the box (docs/sync.md): who the box is as a writer, where its hybrid logical clock
-- stands, the stamp of every field of its library, and the outbox of field changes the cloud has not yet
-- confirmed. Written in the same transaction as the library change they describe.

-- One row. The origin is drawn here, once, when the step runs: it is the box's name in every stamp, stable
-- across restarts and without any cloud configuration. hlc_last is the highest stamp handed out, so a
-- restarted box stamps above it even if its wall clock went back.
CREATE TABLE sync_state (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    origin   TEXT    NOT NULL,
    hlc_last INTEGER NOT NULL CHECK (hlc_last >= 0)
);

INSERT INTO sync_state (id, origin, hlc_last) VALUES (1, 'box-' || lower(hex(randomblob(6))), 0);

-- The stamp of the change that last set each field; kept for deleted entities too (their tombstones).
-- No foreign key to playlists or tracks: a deleted row's fields keep their stamps.
CREATE TABLE field_stamps (
    entity    TEXT    NOT NULL CHECK (entity IN ('playlist', 'track', 'tag')),
    entity_id TEXT    NOT NULL,
    field     TEXT    NOT NULL,
    hlc       INTEGER NOT NULL CHECK (hlc >= 0),
    origin    TEXT    NOT NULL,
    PRIMARY KEY (entity, entity_id, field)
);

-- Field changes to send, oldest first by seq (AUTOINCREMENT: a seq is never reused after a removal).
-- value is JSON text ('null' for none). At most one entry per (entity, entity_id, field): a newer change
-- replaces the older one, so the outbox never holds more entries than the library has fields.
CREATE TABLE outbox (
    seq        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    change_id  TEXT    NOT NULL UNIQUE,
    entity     TEXT    NOT NULL CHECK (entity IN ('playlist', 'track', 'tag')),
    entity_id  TEXT    NOT NULL,
    field      TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    hlc        INTEGER NOT NULL CHECK (hlc >= 0),
    origin     TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE INDEX outbox_by_field ON outbox (entity, entity_id, field);
