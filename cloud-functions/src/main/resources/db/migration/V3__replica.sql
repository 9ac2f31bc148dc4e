-- The cloud's replica of each box's library, field by field (docs/sync.md): every field's current value and
-- the stamp of the change that set it, and the per-device log of the changes the cloud accepted, which a box
-- reads after its cursor. The V1 tables (whole entities with a per-device version) stay until the wire moves
-- to field changes.
--
-- No foreign keys between entities: changes arrive in any order, so a track may name a playlist whose first
-- change has not arrived yet.

-- One row per device: the log's counter and the highest stamp stored. Every transaction that writes a device's
-- fields or log locks this row first, so the device's writers take turns: seq is handed out densely and a
-- transaction with a higher seq commits after every lower one (a box reading the log never skips an entry that
-- commits later). max_hlc lets a restarted cloud instance stamp above everything stored for the device.
CREATE TABLE replica_devices (
    device_id text   PRIMARY KEY,
    last_seq  bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    max_hlc   bigint NOT NULL DEFAULT 0 CHECK (max_hlc >= 0)
);

-- The winning value of each field and its stamp. value is the field's JSON (null is the JSON null);
-- origin compares byte by byte, like Java's String order for the ASCII origins, so (hlc, origin) orders here
-- as in the model.
CREATE TABLE replica_fields (
    device_id text                NOT NULL,
    entity    text                NOT NULL CHECK (entity IN ('playlist', 'track', 'tag')),
    entity_id text                NOT NULL,
    field     text                NOT NULL,
    value     jsonb               NOT NULL,
    hlc       bigint              NOT NULL CHECK (hlc >= 0),
    origin    text COLLATE "C"    NOT NULL,
    PRIMARY KEY (device_id, entity, entity_id, field)
);

-- Every change the cloud applied for a device, numbered 1, 2, 3 ... without gaps. A change_id is applied at
-- most once per device: the unique key is what makes a change sent again a duplicate. A change that lost to a
-- stored stamp is not in the log (nothing changed), and sent again it loses again.
CREATE TABLE replica_log (
    device_id text                NOT NULL,
    seq       bigint              NOT NULL CHECK (seq >= 1),
    change_id text                NOT NULL,
    entity    text                NOT NULL CHECK (entity IN ('playlist', 'track', 'tag')),
    entity_id text                NOT NULL,
    field     text                NOT NULL,
    value     jsonb               NOT NULL,
    hlc       bigint              NOT NULL CHECK (hlc >= 0),
    origin    text COLLATE "C"    NOT NULL,
    applied_at timestamptz        NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, seq),
    UNIQUE (device_id, change_id)
);
