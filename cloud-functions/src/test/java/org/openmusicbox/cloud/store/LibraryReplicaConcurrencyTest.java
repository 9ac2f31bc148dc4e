package org.openmusicbox.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openmusicbox.cloud.store.LibraryReplicaTest.T;
import static org.openmusicbox.cloud.store.LibraryReplicaTest.TIMEOUT;
import static org.openmusicbox.cloud.store.LibraryReplicaTest.change;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.store.ChangeOutcome.Kind;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresReplica;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Replica;
import org.openmusicbox.protocol.v1.sync.Stamp;

/**
 * Several cloud instances applying changes of the same devices at once: two instances, four batches started
 * together, two per device, overlapping in part (the same changes, as a box sends them again after a reconnect
 * while the first copy is still being handled) and competing for the same fields. Each device's log must come
 * out numbered 1..n without gaps or repeats, hold each applied change once, and the fields must be what the
 * model holds after the same changes.
 */
class LibraryReplicaConcurrencyTest {

    private static final int SHARED = 60;
    private static final int OWN = 120;

    private static TestDatabase db;

    @BeforeAll
    static void migratedDatabase() {
        db = TestDatabase.create(12);
        new Migrations(db.connectionFactory()).apply().block(TIMEOUT);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void concurrentAppliersKeepEachDevicesLogDenseAndApplyEachChangeOnce() throws Exception {
        List<PostgresReplica> instances = List.of(
                new PostgresReplica(db.connectionFactory(), "one", new Hlc(System::currentTimeMillis)),
                new PostgresReplica(db.connectionFactory(), "two", new Hlc(System::currentTimeMillis)));
        List<String> devices = List.of("box-c1", "box-c2");
        Random random = new Random(15);
        Map<String, List<List<FieldChange>>> batches = new HashMap<>();
        for (String device : devices) {
            List<FieldChange> shared = changes(random, SHARED);
            List<List<FieldChange>> two = new ArrayList<>();
            for (int b = 0; b < 2; b++) {
                List<FieldChange> batch = new ArrayList<>(shared);
                batch.addAll(changes(random, OWN));
                Collections.shuffle(batch, random);
                two.add(batch);
            }
            batches.put(device, two);
        }

        ExecutorService pool = Executors.newFixedThreadPool(4);
        CyclicBarrier start = new CyclicBarrier(4);
        Map<String, List<Future<List<ChangeOutcome>>>> running = new HashMap<>();
        try {
            for (String device : devices) {
                for (int b = 0; b < 2; b++) {
                    PostgresReplica instance = instances.get(b);
                    List<FieldChange> batch = batches.get(device).get(b);
                    running.computeIfAbsent(device, d -> new ArrayList<>()).add(pool.submit(() -> {
                        start.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                        return instance.apply(device, batch).collectList().block(TIMEOUT.multipliedBy(4));
                    }));
                }
            }
            for (String device : devices) {
                List<List<ChangeOutcome>> outcomes = new ArrayList<>();
                for (Future<List<ChangeOutcome>> f : running.get(device)) {
                    outcomes.add(f.get(2, TimeUnit.MINUTES));
                }
                check(instances.get(0), device, batches.get(device), outcomes);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void check(
            PostgresReplica replica,
            String device,
            List<List<FieldChange>> batches,
            List<List<ChangeOutcome>> outcomes) {
        List<ChangeOutcome> all = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            List<ChangeOutcome> batch = outcomes.get(b);
            assertThat(batch).extracting(ChangeOutcome::change).containsExactlyElementsOf(batches.get(b));
            assertThat(batch).extracting(ChangeOutcome::kind).doesNotContain(Kind.REJECTED);
            // Within one batch, changes are applied in order, so their seqs rise.
            List<Long> seqs = batch.stream()
                    .filter(o -> o.kind() == Kind.APPLIED)
                    .map(ChangeOutcome::seq)
                    .toList();
            assertThat(seqs).as(device + " batch " + b + " seqs").isSorted();
            all.addAll(batch);
        }
        List<ChangeOutcome> applied =
                all.stream().filter(o -> o.kind() == Kind.APPLIED).toList();
        List<LogEntry> log = replica.log(device, 0, PostgresReplica.MAX_LOG_PAGE)
                .collectList()
                .block(TIMEOUT);

        assertThat(log).extracting(LogEntry::seq).as(device + " seqs").containsExactlyElementsOf(range(applied.size()));
        assertThat(log).extracting(e -> e.change().changeId()).doesNotHaveDuplicates();
        assertThat(log)
                .containsExactlyInAnyOrderElementsOf(applied.stream()
                        .map(o -> new LogEntry(o.seq(), o.change()))
                        .toList());
        // A change in both batches is applied by one applier, and the other answers duplicate; or both lost.
        Map<String, List<Kind>> byChange = new HashMap<>();
        all.forEach(o -> byChange.computeIfAbsent(o.change().changeId(), k -> new ArrayList<>())
                .add(o.kind()));
        byChange.values().stream()
                .filter(kinds -> kinds.size() == 2)
                .forEach(kinds -> assertThat(kinds)
                        .isIn(
                                List.of(Kind.APPLIED, Kind.DUPLICATE),
                                List.of(Kind.DUPLICATE, Kind.APPLIED),
                                List.of(Kind.SUPERSEDED, Kind.SUPERSEDED)));

        Replica model = new Replica("box-model", new Hlc(System::currentTimeMillis));
        batches.forEach(batch -> batch.forEach(model::apply));
        assertThat(replica.state(device).block(TIMEOUT)).isEqualTo(model.state());
        assertThat(replica.view(device).block(TIMEOUT)).isEqualTo(model.view());
        System.out.println(
                device + ": " + applied.size() + " applied of " + all.size() + " answers, log dense 1.." + log.size());
    }

    /** Changes on a few fields of a few entities, so concurrent batches compete for the same rows. */
    private static List<FieldChange> changes(Random random, int count) {
        List<FieldChange> changes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Stamp stamp = new Stamp(
                    Hlc.pack(T + random.nextInt(50), random.nextInt(4)), random.nextBoolean() ? "box-1" : "cloud-x");
            String id = "e" + random.nextInt(8);
            switch (random.nextInt(3)) {
                case 0 ->
                    changes.add(
                            change(Entity.PLAYLIST, id, Fields.TITLE, "Title " + stamp.hlc() + stamp.origin(), stamp));
                case 1 ->
                    changes.add(
                            change(Entity.TRACK, id, Fields.PLAYLIST_ID, "p-" + stamp.hlc() + stamp.origin(), stamp));
                default ->
                    changes.add(change(
                            Entity.TRACK,
                            id,
                            Fields.DELETED,
                            (stamp.hlc() + stamp.origin()).hashCode() % 2 == 0,
                            stamp));
            }
        }
        return changes;
    }

    private static List<Long> range(int n) {
        List<Long> seqs = new ArrayList<>();
        for (long s = 1; s <= n; s++) {
            seqs.add(s);
        }
        return seqs;
    }
}
