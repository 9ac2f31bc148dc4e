-- Names a parent gives the tags ("Lion card"), shown instead of the tag's id. A name belongs to the physical tag,
-- so it is kept by the tag's uid (lowercase hex, as nfc_tag_id) and stays when the tag moves to another playlist.
-- Box-local: the cloud does not hold it.
CREATE TABLE tag_names (
    tag_id     TEXT NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
