-- Files uploaded on the LAN that the cloud's media store may not hold yet (docs/mqtt.md, media/requests). A row is
-- written in the transaction that adds the track, so a file is sent once even across restarts, and removed when
-- the cloud says the store holds it (or gave up on it). Never a URL: a presigned URL is asked for when it is used.
CREATE TABLE media_uploads (
    sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
    format TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size > 0),
    path TEXT NOT NULL,
    mismatches INTEGER NOT NULL DEFAULT 0 CHECK (mismatches >= 0),
    created_at TEXT NOT NULL
);
