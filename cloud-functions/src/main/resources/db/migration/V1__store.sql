-- The cloud copy of each box's library, keyed by device.
--
-- Every entity row carries the version of the last change applied to it (versions rise with every change
-- of that entity on the device) and a tombstone flag: a delete keeps the row with deleted = true and the
-- delete's version, so an older upsert arriving later cannot bring the entity back.

CREATE TABLE devices (
    device_id   text        PRIMARY KEY,
    first_seen  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE playlists (
    device_id   text        NOT NULL REFERENCES devices (device_id),
    playlist_id text        NOT NULL,
    title       text,
    description text,
    version     bigint      NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false,
    changed_at  timestamptz,                        -- when the device made the change
    updated_at  timestamptz NOT NULL DEFAULT now(), -- when the store wrote it
    PRIMARY KEY (device_id, playlist_id)
);

-- playlist_id is not a foreign key: batches can arrive out of order (shared subscriptions), so a track
-- may name a playlist the store has not seen yet; it shows up once the playlist arrives. It is null only in
-- the tombstone of a track deleted before the store saw it. The media columns are filled by upload
-- processing (or by a device that names an object already in the media store) and never cleared by a
-- device change that leaves them out.
CREATE TABLE tracks (
    device_id    text        NOT NULL REFERENCES devices (device_id),
    track_id     text        NOT NULL,
    playlist_id  text,
    track_number integer     NOT NULL DEFAULT 0,
    title        text,
    artist       text,
    album        text,
    duration_ms  bigint,
    object_key   text,       -- media/<sha256>.<ext> in the media bucket
    sha256       text,
    file_size    bigint,
    format       text,       -- mp3, flac, ... as probed from the bytes
    version      bigint      NOT NULL,
    deleted      boolean     NOT NULL DEFAULT false,
    changed_at   timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, track_id)
);

CREATE INDEX tracks_by_playlist ON tracks (device_id, playlist_id, track_number) WHERE NOT deleted;

-- An NFC tag bound to a playlist; entity_id of a tag change is the tag's UID.
CREATE TABLE tag_links (
    device_id   text        NOT NULL REFERENCES devices (device_id),
    tag_id      text        NOT NULL,
    playlist_id text,
    version     bigint      NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false,
    changed_at  timestamptz,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, tag_id)
);

-- Every change id the store has answered applied or stale, so a change seen again gets duplicate.
-- The row is written first in the change's transaction: a second transaction with the same change id
-- waits on it and then finds it.
CREATE TABLE applied_changes (
    device_id      text        NOT NULL REFERENCES devices (device_id),
    change_id      text        NOT NULL,
    entity         text        NOT NULL,
    entity_id      text        NOT NULL,
    outcome        text        NOT NULL CHECK (outcome IN ('applied', 'stale')),
    stored_version bigint      NOT NULL,
    applied_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, change_id)
);
