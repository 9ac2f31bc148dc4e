package org.openmusicbox.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Stack} for the media tests: the same processes, but the cloud presigns for an {@link S3Gate} in front of
 * s3proxy, so a test can take S3 away from the box, slow a download and count the PUTs that reach the store.
 */
public final class MediaStack implements AutoCloseable {

    private final Class<?> owner;
    private final Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Database database;
    private final Broker broker;
    private final S3Gate gate;
    private final CloudProcess cloud;

    private MediaStack(Class<?> owner, Path dir, List<String> deviceIds) {
        this.owner = owner;
        this.dir = dir;
        try {
            database = keep(Database.create());
            broker = keep(Broker.start(owner, dir.resolve("mosquitto"), deviceIds));
            S3 s3 = keep(S3.start());
            gate = keep(S3Gate.before(s3));
            cloud = keep(CloudProcess.start(owner, database, broker, s3, gate.endpoint()));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static MediaStack start(Class<?> owner, Path dir, String... deviceIds) {
        return new MediaStack(owner, dir, List.of(deviceIds));
    }

    /** Starts a box with a new data directory under the stack's folder. */
    public BoxProcess box(String deviceId) {
        try {
            Path data = Files.createDirectories(dir.resolve("boxes").resolve(deviceId));
            return keep(BoxProcess.start(owner, deviceId, data, broker));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a box that reaches the broker through {@code relay}, so its link can be cut with the cloud's kept. */
    public BoxProcess box(String deviceId, Relay relay) {
        try {
            Path data = Files.createDirectories(dir.resolve("boxes").resolve(deviceId));
            return keep(BoxProcess.start(owner, deviceId, data, relay.url(), List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A relay to the broker's device listener, closed with the stack after the boxes that use it. */
    public Relay relay() {
        return keep(Relay.to(broker.devicePort()));
    }

    public CloudReplica replica(String deviceId) {
        return new CloudReplica(database, deviceId);
    }

    public Broker broker() {
        return broker;
    }

    public S3Gate s3() {
        return gate;
    }

    public CloudProcess cloud() {
        return cloud;
    }

    /** Adds a track to a box's playlist the way the cloud's own upload path does (see {@link CloudUploads}). */
    public CloudUploads uploads() {
        return new CloudUploads(cloud.http());
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** Closes boxes first, then the cloud, the gate, S3, the broker and the database. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the media stack failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
