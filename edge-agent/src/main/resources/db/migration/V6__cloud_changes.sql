-- Changes from the cloud (docs/sync.md, "Logs and cursors"): the box applies the cloud's change log through its
-- one writer and keeps where it stands in that log.

-- Each field's winning value next to its stamp, as JSON text: what the box needs to rebuild a row the cloud
-- brings back (a restored playlist, a track moved into a playlist it had deleted) and to order tracks by the
-- model's rules. NULL means not known: a field stamped before this step whose row is gone.
ALTER TABLE field_stamps ADD COLUMN value TEXT;

-- What the outbox still holds is the value of its stamp.
UPDATE field_stamps SET value = (
    SELECT o.value FROM outbox o
    WHERE o.entity = field_stamps.entity AND o.entity_id = field_stamps.entity_id AND o.field = field_stamps.field
      AND o.hlc = field_stamps.hlc AND o.origin = field_stamps.origin);

-- The rest from the rows, which hold every winning value of a live entity.
UPDATE field_stamps SET value = CASE field
        WHEN 'title' THEN (SELECT json_quote(title) FROM playlists WHERE id = entity_id)
        WHEN 'description' THEN (SELECT json_quote(description) FROM playlists WHERE id = entity_id)
        WHEN 'deleted' THEN CASE WHEN EXISTS (SELECT 1 FROM playlists WHERE id = entity_id) THEN 'false' ELSE 'true' END
        WHEN 'order' THEN (SELECT json_group_array(id) FROM
            (SELECT id FROM tracks WHERE playlist_id = entity_id ORDER BY track_number))
    END
WHERE entity = 'playlist' AND value IS NULL;

UPDATE field_stamps SET value = CASE field
        WHEN 'playlist_id' THEN (SELECT json_quote(playlist_id) FROM tracks WHERE id = entity_id)
        WHEN 'title' THEN (SELECT json_quote(title) FROM tracks WHERE id = entity_id)
        WHEN 'artist' THEN (SELECT json_quote(artist) FROM tracks WHERE id = entity_id)
        WHEN 'album' THEN (SELECT json_quote(album) FROM tracks WHERE id = entity_id)
        WHEN 'duration_ms' THEN (SELECT CAST(duration_ms AS TEXT) FROM tracks WHERE id = entity_id)
        WHEN 'deleted' THEN CASE WHEN EXISTS (SELECT 1 FROM tracks WHERE id = entity_id) THEN 'false' ELSE 'true' END
    END
WHERE entity = 'track' AND value IS NULL;

UPDATE field_stamps SET value = json_quote((SELECT id FROM playlists WHERE nfc_tag_id = entity_id))
WHERE entity = 'tag' AND value IS NULL;

-- The seq of the last entry of the cloud's log applied here, moved in the page's own transaction.
ALTER TABLE sync_state ADD COLUMN cloud_cursor INTEGER NOT NULL DEFAULT 0 CHECK (cloud_cursor >= 0);

-- Where a track's file is in the cloud's store. A track from the cloud has them before its file is on the card:
-- its file_path then names the media cache's <sha256>.<ext>, which the player skips while it is missing.
ALTER TABLE tracks ADD COLUMN sha256 TEXT;
ALTER TABLE tracks ADD COLUMN object_key TEXT;
