-- The library: playlists, their tracks, and small key/value facts about the box.
-- Timestamps are ISO-8601 UTC strings (Instant.toString()); ids are random UUID strings.

CREATE TABLE playlists (
    id          TEXT    NOT NULL PRIMARY KEY,
    title       TEXT    NOT NULL,
    description TEXT,
    nfc_tag_id  TEXT    UNIQUE,
    -- creation order; the order of every playlist listing
    position    INTEGER NOT NULL UNIQUE,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- track_number is dense 1..n per playlist. SQLite cannot defer a UNIQUE constraint, so renumbering first
-- parks the tracks that move above the playlist's highest number, then writes the final numbers.
CREATE TABLE tracks (
    id           TEXT    NOT NULL PRIMARY KEY,
    playlist_id  TEXT    NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    track_number INTEGER NOT NULL CHECK (track_number >= 1),
    title        TEXT    NOT NULL,
    filename     TEXT    NOT NULL,
    file_path    TEXT    NOT NULL,
    duration_ms  INTEGER NOT NULL DEFAULT 0,
    artist       TEXT,
    album        TEXT,
    file_size    INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    UNIQUE (playlist_id, track_number)
);

CREATE TABLE box_meta (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
