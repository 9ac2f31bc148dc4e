-- YouTube downloads by (device, task): what was asked, how far it got, and how it ended, so a task survives a
-- restart of the cloud. A running task belongs to one instance until its lease ends (the job's own timeout and
-- a margin): an instance that died leaves it running, and after the lease another instance may run it again.
CREATE TABLE youtube_tasks (
    device_id   text        NOT NULL,
    task_id     text        NOT NULL,
    url         text        NOT NULL,
    playlist_id text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('running', 'interrupted', 'done', 'failed')),
    owner       text,
    lease_until timestamptz,
    outcome     jsonb,
    runs        integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, task_id),
    CHECK ((status IN ('done', 'failed')) = (outcome IS NOT NULL))
);
