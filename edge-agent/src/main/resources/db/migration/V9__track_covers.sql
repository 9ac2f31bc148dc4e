-- The cover picture read from an uploaded file's tags, kept beside it in the media directory as
-- <upload>.cover.<jpg|png>. The row goes with its track (a deleted track takes its cover along; a moved track keeps
-- its id, so its cover); the file goes with the track's audio file.
CREATE TABLE track_covers (
    track_id TEXT NOT NULL PRIMARY KEY REFERENCES tracks (id) ON DELETE CASCADE,
    -- relative to the media directory, like tracks.file_path
    file     TEXT NOT NULL
);
