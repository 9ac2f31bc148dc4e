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

-- Rows written before the sync tables existed have no stamps at all: the cloud has never heard of them, and a
-- page from the cloud rebuilding their playlist would not count them. They become one write of the box, stamped
-- just above its last stamp and waiting in the outbox like any edit not yet sent. A playlist's order is recorded
-- too, as its tracks share one stamp and would otherwise be shown by id.
CREATE TABLE v6_legacy (entity TEXT NOT NULL, entity_id TEXT NOT NULL);
INSERT INTO v6_legacy SELECT 'playlist', id FROM playlists p
    WHERE NOT EXISTS (SELECT 1 FROM field_stamps f WHERE f.entity = 'playlist' AND f.entity_id = p.id);
INSERT INTO v6_legacy SELECT 'track', id FROM tracks t
    WHERE NOT EXISTS (SELECT 1 FROM field_stamps f WHERE f.entity = 'track' AND f.entity_id = t.id);
INSERT INTO v6_legacy SELECT 'tag', nfc_tag_id FROM playlists p WHERE nfc_tag_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM field_stamps f WHERE f.entity = 'tag' AND f.entity_id = p.nfc_tag_id);

INSERT INTO field_stamps (entity, entity_id, field, hlc, origin, value)
SELECT 'playlist', p.id, 'title', s.hlc_last + 1, s.origin, json_quote(p.title)
FROM v6_legacy l JOIN playlists p ON l.entity = 'playlist' AND l.entity_id = p.id, sync_state s;
INSERT INTO field_stamps (entity, entity_id, field, hlc, origin, value)
SELECT 'playlist', p.id, 'description', s.hlc_last + 1, s.origin, json_quote(p.description)
FROM v6_legacy l JOIN playlists p ON l.entity = 'playlist' AND l.entity_id = p.id, sync_state s
WHERE p.description IS NOT NULL;
INSERT INTO field_stamps (entity, entity_id, field, hlc, origin, value)
SELECT 'playlist', p.id, 'order', s.hlc_last + 1, s.origin,
    (SELECT json_group_array(id) FROM (SELECT id FROM tracks WHERE playlist_id = p.id ORDER BY track_number))
FROM v6_legacy l JOIN playlists p ON l.entity = 'playlist' AND l.entity_id = p.id, sync_state s
WHERE EXISTS (SELECT 1 FROM tracks WHERE playlist_id = p.id);

INSERT INTO field_stamps (entity, entity_id, field, hlc, origin, value)
SELECT 'track', t.id, 'playlist_id', s.hlc_last + 1, s.origin, json_quote(t.playlist_id)
FROM v6_legacy l JOIN tracks t ON l.entity = 'track' AND l.entity_id = t.id, sync_state s;
INSERT INTO field_stamps (entity, entity_id, field, hlc, origin, value)
SELECT 'track', t.id, 'title', s.hlc_last + 1, s.origin, json_quote(t.title)
FROM v6_legacy l JOIN tracks t ON l.entity = 'track' AND l.entity_id = t.id, sync_state s;
INSERT INTO field_stamps (entity, entity_id, field, hlc, origin, value)
SELECT 'track', t.id, 'artist', s.hlc_last + 1, s.origin, json_quote(t.artist)
FROM v6_legacy l JOIN tracks t ON l.entity = 'track' AND l.entity_id = t.id, sync_state s WHERE t.artist IS NOT NULL;
INSERT INTO field_stamps (entity, entity_id, field, hlc, origin, value)
SELECT 'track', t.id, 'album', s.hlc_last + 1, s.origin, json_quote(t.album)
FROM v6_legacy l JOIN tracks t ON l.entity = 'track' AND l.entity_id = t.id, sync_state s WHERE t.album IS NOT NULL;
INSERT INTO field_stamps (entity, entity_id, field, hlc, origin, value)
SELECT 'track', t.id, 'duration_ms', s.hlc_last + 1, s.origin, CAST(t.duration_ms AS TEXT)
FROM v6_legacy l JOIN tracks t ON l.entity = 'track' AND l.entity_id = t.id, sync_state s;

INSERT INTO field_stamps (entity, entity_id, field, hlc, origin, value)
SELECT 'tag', p.nfc_tag_id, 'playlist_id', s.hlc_last + 1, s.origin, json_quote(p.id)
FROM v6_legacy l JOIN playlists p ON l.entity = 'tag' AND l.entity_id = p.nfc_tag_id, sync_state s;

INSERT INTO outbox (change_id, entity, entity_id, field, value, hlc, origin, created_at)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
        || '-a' || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
    f.entity, f.entity_id, f.field, f.value, f.hlc, f.origin, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM field_stamps f, sync_state s WHERE f.hlc = s.hlc_last + 1 AND f.origin = s.origin;

UPDATE sync_state SET hlc_last = hlc_last + 1 WHERE EXISTS (SELECT 1 FROM v6_legacy);
DROP TABLE v6_legacy;

-- The seq of the last entry of the cloud's log applied here, moved in the page's own transaction.
ALTER TABLE sync_state ADD COLUMN cloud_cursor INTEGER NOT NULL DEFAULT 0 CHECK (cloud_cursor >= 0);

-- Where a track's file is in the cloud's store. A track from the cloud has them before its file is on the card:
-- its file_path then names the media cache's <sha256>.<ext>, which the player skips while it is missing.
ALTER TABLE tracks ADD COLUMN sha256 TEXT;
ALTER TABLE tracks ADD COLUMN object_key TEXT;
