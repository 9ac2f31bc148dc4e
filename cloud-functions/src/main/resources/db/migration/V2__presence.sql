-- What a device last said of itself on its retained presence topic (online, or offline by its last will).
ALTER TABLE devices ADD COLUMN presence    text CHECK (presence IN ('online', 'offline'));
ALTER TABLE devices ADD COLUMN presence_at timestamptz;
ALTER TABLE devices ADD COLUMN agent_version text;
