-- Where each playlist was left, so that starting it again continues there. Written at least every
-- 5 s while playing and on every pause, stop and track change; a power cut loses at most those 5 s.
CREATE TABLE resume_points (
    playlist_id TEXT    NOT NULL PRIMARY KEY REFERENCES playlists (id) ON DELETE CASCADE,
    track_id    TEXT    NOT NULL,
    position_ms INTEGER NOT NULL CHECK (position_ms >= 0),
    updated_at  TEXT    NOT NULL
);
