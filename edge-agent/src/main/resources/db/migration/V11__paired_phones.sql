-- Phones a parent paired for remote access (docs/security.md). Each holds its own random credential; only its
-- SHA-256 is stored, so the file never holds one. Removing a phone deletes its row, and its credential stops
-- working at once. last_seen_at is written at most once a minute per phone (an SD card is not written on every
-- request). Whether remote access is on is kept in box_meta (remote.enabled). Box-local: the cloud holds none of it.
CREATE TABLE paired_phones (
    phone_id     TEXT PRIMARY KEY NOT NULL,
    digest       TEXT NOT NULL UNIQUE CHECK (length(digest) = 64),
    phone_name   TEXT NOT NULL,
    paired_at    INTEGER NOT NULL,
    last_seen_at INTEGER
);
