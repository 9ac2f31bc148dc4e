-- The media cache (media/): files downloaded from the cloud into <data-dir>/media/<sha256>.<ext>.
-- A row is written before the download starts ('downloading', its <sha256>.<ext>.part may be resumed
-- after a restart) and turned 'complete' after the verified file was renamed into place. last_use orders
-- eviction: a counter, not a clock, because the box has no real-time clock and its time may jump.
CREATE TABLE media_files (
    sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
    ext TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    state TEXT NOT NULL CHECK (state IN ('downloading', 'complete')),
    last_use INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_media_files_use ON media_files (state, last_use);
