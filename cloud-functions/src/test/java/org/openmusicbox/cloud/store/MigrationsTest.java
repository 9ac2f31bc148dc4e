package org.openmusicbox.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.store.postgres.Migrations;

class MigrationsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private TestDatabase db;

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void firstRunAppliesEveryMigrationAndRecordsIt() {
        List<Integer> applied = new Migrations(db.connectionFactory()).apply().block(TIMEOUT);

        assertThat(applied).containsExactly(1, 2, 3, 4);
        assertThat(db.queryOne("SELECT count(*) FROM schema_version", Long.class))
                .isEqualTo(4L);
        assertThat(db.queryOne("SELECT name FROM schema_version WHERE version = 4", String.class))
                .isEqualTo("youtube_tasks");
        assertThat(db.queryOne("SELECT name FROM schema_version WHERE version = 3", String.class))
                .isEqualTo("replica");
        assertThat(db.queryOne("SELECT name FROM schema_version WHERE version = 1", String.class))
                .isEqualTo("store");
        assertThat(db.queryOne("SELECT name FROM schema_version WHERE version = 2", String.class))
                .isEqualTo("presence");
        for (String table : List.of(
                "devices",
                "playlists",
                "tracks",
                "tag_links",
                "applied_changes",
                "replica_devices",
                "replica_fields",
                "replica_log")) {
            assertThat(db.queryOne("SELECT count(*) FROM " + table, Long.class))
                    .as(table)
                    .isZero();
        }
    }

    @Test
    void secondRunChangesNothing() {
        new Migrations(db.connectionFactory()).apply().block(TIMEOUT);
        db.execute("INSERT INTO devices (device_id) VALUES ('box-1')");
        String before = db.queryOne(
                "SELECT string_agg(version || ':' || checksum || ':' || applied_at, ',') " + "FROM schema_version",
                String.class);

        List<Integer> applied = new Migrations(db.connectionFactory()).apply().block(TIMEOUT);

        assertThat(applied).isEmpty();
        assertThat(db.queryOne(
                        "SELECT string_agg(version || ':' || checksum || ':' || applied_at, ',') "
                                + "FROM schema_version",
                        String.class))
                .isEqualTo(before);
        assertThat(db.queryOne("SELECT count(*) FROM devices", Long.class)).isEqualTo(1L);
    }

    @Test
    void twoInstancesStartingTogetherApplyEachMigrationOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<List<Integer>> start =
                    () -> new Migrations(db.connectionFactory()).apply().block(TIMEOUT);
            Future<List<Integer>> first = pool.submit(start);
            Future<List<Integer>> second = pool.submit(start);

            List<Integer> a = first.get();
            List<Integer> b = second.get();

            assertThat(a.size() + b.size())
                    .as("each of the four migrations once, by one or the other")
                    .isEqualTo(4);
            assertThat(db.queryOne("SELECT count(*) FROM schema_version", Long.class))
                    .isEqualTo(4L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEditedMigrationStopsTheStart() {
        new Migrations(db.connectionFactory()).apply().block(TIMEOUT);
        db.execute("UPDATE schema_version SET checksum = 'edited' WHERE version = 1");

        assertThatThrownBy(() -> new Migrations(db.connectionFactory()).apply().block(TIMEOUT))
                .hasMessageContaining("V1__store has changed since it was applied");
    }

    @Test
    void theRecordedChecksumIsTheSha256OfTheFileAsShipped() throws Exception {
        // Stores already running recorded these checksums before Migration moved to shared-model; a change in
        // how the shared class reads or hashes a file would make every one of them refuse to start.
        new Migrations(db.connectionFactory()).apply().block(TIMEOUT);

        assertThat(db.queryOne("SELECT checksum FROM schema_version WHERE version = 1", String.class))
                .isEqualTo(sha256("db/migration/V1__store.sql"));
        assertThat(db.queryOne("SELECT checksum FROM schema_version WHERE version = 2", String.class))
                .isEqualTo(sha256("db/migration/V2__presence.sql"));
        assertThat(db.queryOne("SELECT checksum FROM schema_version WHERE version = 3", String.class))
                .isEqualTo(sha256("db/migration/V3__replica.sql"));
    }

    private static String sha256(String resource) throws IOException, NoSuchAlgorithmException {
        try (InputStream in = MigrationsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }
}
