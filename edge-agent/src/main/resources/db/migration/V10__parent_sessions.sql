-- The parents' sessions on this box (docs/security.md): a login with the parent code makes a random credential
-- that the phone keeps; only its SHA-256 is stored, so the file never holds a credential. Kept across restarts,
-- all removed when the box is reset to a new box. The code's own hash and the box's name are in box_meta.
CREATE TABLE parent_sessions (
    digest TEXT PRIMARY KEY NOT NULL CHECK (length(digest) = 64),
    created_at INTEGER NOT NULL
);
