package org.openmusicbox.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything but the boxes, for one test class: its own Mosquitto (shipped ACL, a login per device id), a fresh
 * database, s3proxy and the cloud app wired to them. Boxes are started per test with {@link #box}, each with its own
 * device id and data directory, and closed with the stack.
 */
public final class Stack implements AutoCloseable {

    /** How long a box is given to reach the cloud and drain, a broker or cloud restart included. */
    public static final Duration CONVERGE = Duration.ofSeconds(60);

    private final Class<?> owner;
    private final Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Database database;
    private final Broker broker;
    private final S3 s3;
    /** Null unless started {@link #withS3Gate}. */
    private final S3Gate gate;

    private final CloudProcess cloud;

    private Stack(Class<?> owner, Path dir, List<String> deviceIds, boolean gated) {
        this.owner = owner;
        this.dir = dir;
        try {
            database = keep(Database.create());
            broker = keep(Broker.start(owner, dir.resolve("mosquitto"), deviceIds));
            s3 = keep(S3.start());
            gate = gated ? keep(S3Gate.before(s3)) : null;
            cloud = keep(
                    gated
                            ? CloudProcess.start(owner, database, broker, s3, gate.endpoint())
                            : CloudProcess.start(owner, database, broker, s3));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the cloud side; {@code deviceIds} are the boxes the broker will let in. */
    public static Stack start(Class<?> owner, Path dir, String... deviceIds) {
        return new Stack(owner, dir, List.of(deviceIds), false);
    }

    /**
     * As {@link #start}, but the cloud presigns for an {@link S3Gate} in front of s3proxy, so a media test can take
     * S3 away from the box, slow a download and count the PUTs that reach the store.
     */
    public static Stack withS3Gate(Class<?> owner, Path dir, String... deviceIds) {
        return new Stack(owner, dir, List.of(deviceIds), true);
    }

    /** The gate in front of S3, for a stack started {@link #withS3Gate}. */
    public S3Gate gate() {
        if (gate == null) {
            throw new IllegalStateException("this stack was started without an S3 gate (Stack.withS3Gate)");
        }
        return gate;
    }

    /** Adds a track to a box's playlist the way the cloud's own upload path does (see {@link CloudUploads}). */
    public CloudUploads uploads() {
        return new CloudUploads(cloud.http());
    }

    /** Starts a box that reaches the broker through {@code cable}, so its link can be cut with the cloud's kept. */
    public BoxProcess box(String deviceId, Cable cable) {
        return box(deviceId, cable.url(), List.of());
    }

    /** Starts a box with a new data directory under the stack's folder. */
    public BoxProcess box(String deviceId) {
        return box(deviceId, broker.deviceUrl(), List.of());
    }

    /** Starts a box that reaches the broker through {@code brokerUrl}, its JVM under {@code prefix}. */
    public BoxProcess box(String deviceId, String brokerUrl, List<String> prefix) {
        try {
            Path data = Files.createDirectories(dir.resolve("boxes").resolve(deviceId));
            return keep(BoxProcess.start(owner, deviceId, data, brokerUrl, prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cable to the broker's device listener, closed with the stack after the boxes that use it. */
    public Cable cable() {
        return keep(Cable.to(broker.devicePort()));
    }

    /** Starts one instance of the cloud relay, closed with the stack before the cloud app. */
    public RelayProcess relay(String name) {
        return keep(RelayProcess.start(owner, name, database, broker, s3));
    }

    /** The cloud's copy of one box's library. */
    public CloudReplica replica(String deviceId) {
        return new CloudReplica(database, deviceId);
    }

    public Broker broker() {
        return broker;
    }

    public CloudProcess cloud() {
        return cloud;
    }

    public Database database() {
        return database;
    }

    public S3 s3() {
        return s3;
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** Closes boxes first, then the cloud, S3, the broker and the database; the first failure is rethrown. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the stack failed", e);
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
