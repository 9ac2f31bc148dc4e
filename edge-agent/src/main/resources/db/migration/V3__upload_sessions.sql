-- Chunked uploads from a phone (upload/): a session per file being sent, kept across restarts so that
-- an interrupted upload can be resumed. The chunk bytes live in <data-dir>/uploads/<id>/chunk-<n>.
CREATE TABLE upload_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    playlist_id TEXT NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    chunk_size INTEGER NOT NULL,
    total_chunks INTEGER NOT NULL,
    -- one bit per chunk index (java.util.BitSet, little-endian bytes); empty when none arrived
    received BLOB NOT NULL DEFAULT x'',
    file_hash TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'uploading', 'complete', 'failed', 'cancelled')),
    error_message TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT,
    -- set by finalize in the same transaction that adds the track: a second finalize finds it
    track_id TEXT
);
CREATE INDEX idx_upload_sessions_status ON upload_sessions (status, updated_at);
CREATE INDEX idx_upload_sessions_playlist ON upload_sessions (playlist_id);
