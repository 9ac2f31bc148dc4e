package org.openmusicbox.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.store.ChangeOutcome.Kind;
import org.openmusicbox.cloud.store.ChangeOutcome.Refused;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresReplica;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.EntityKey;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Media;
import org.openmusicbox.protocol.v1.sync.Replica;
import org.openmusicbox.protocol.v1.sync.Replica.Versioned;
import org.openmusicbox.protocol.v1.sync.Stamp;
import org.openmusicbox.protocol.v1.sync.View;

/**
 * The cloud's replica against a real PostgreSQL (see {@link TestDatabase}): each outcome with what is stored and
 * logged afterwards, a batch that fails half-way, and cloud edits before and after a restart. Every test uses its
 * own device, so they share one database without seeing each other's rows.
 */
class LibraryReplicaTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final long T = Instant.parse("2026-11-26T08:15:02Z").toEpochMilli();
    static final long DAY = Duration.ofDays(1).toMillis();

    private static TestDatabase db;
    private static final AtomicLong wall = new AtomicLong(T);
    private static PostgresReplica replica;

    @BeforeAll
    static void migratedDatabase() {
        db = TestDatabase.create();
        new Migrations(db.connectionFactory()).apply().block(TIMEOUT);
        replica = new PostgresReplica(db.connectionFactory(), "test", new Hlc(wall::get));
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void aNewerStampIsAppliedStoredAndLoggedUnderTheNextSeq() {
        FieldChange first = change(Entity.PLAYLIST, "p1", Fields.TITLE, "Bedtime", stamp(1, "box-1"));
        FieldChange second = change(Entity.PLAYLIST, "p1", Fields.TITLE, "Car", stamp(2, "box-1"));
        FieldChange other = change(Entity.TRACK, "t1", Fields.PLAYLIST_ID, "p1", stamp(1, "box-1"));

        List<ChangeOutcome> outcomes = apply("box-applied", first, second, other);

        assertThat(outcomes).extracting(ChangeOutcome::kind).containsExactly(Kind.APPLIED, Kind.APPLIED, Kind.APPLIED);
        assertThat(outcomes).extracting(ChangeOutcome::seq).containsExactly(1L, 2L, 3L);
        assertThat(outcomes.get(1).stored()).isEqualTo(new Versioned("Car", second.stamp()));
        assertThat(field("box-applied", Entity.PLAYLIST, "p1", Fields.TITLE))
                .isEqualTo(new Versioned("Car", second.stamp()));
        assertThat(log("box-applied"))
                .containsExactly(new LogEntry(1, first), new LogEntry(2, second), new LogEntry(3, other));
    }

    @Test
    void aChangeSeenBeforeIsADuplicateAndChangesNothing() {
        FieldChange title = change(Entity.PLAYLIST, "p1", Fields.TITLE, "Bedtime", stamp(5, "box-1"));
        apply("box-duplicate", title);
        // The same change id with other content (a broken client) is still the change answered before.
        FieldChange sameId =
                new FieldChange(Entity.PLAYLIST, "p1", Fields.TITLE, "Rain", stamp(9, "box-1"), title.changeId());

        List<ChangeOutcome> outcomes = apply("box-duplicate", title, sameId);

        assertThat(outcomes).extracting(ChangeOutcome::kind).containsExactly(Kind.DUPLICATE, Kind.DUPLICATE);
        assertThat(outcomes).extracting(ChangeOutcome::seq).containsExactly(1L, 1L);
        assertThat(outcomes.get(1).stored()).isEqualTo(new Versioned("Bedtime", title.stamp()));
        assertThat(field("box-duplicate", Entity.PLAYLIST, "p1", Fields.TITLE))
                .isEqualTo(new Versioned("Bedtime", title.stamp()));
        assertThat(log("box-duplicate")).containsExactly(new LogEntry(1, title));
    }

    @Test
    void anOlderStampIsSupersededTheSameStampAndValueIsHeldAlreadyAndNeitherIsLogged() {
        FieldChange newer = change(Entity.TRACK, "t1", Fields.TITLE, "Song", stamp(5, "box-1"));
        FieldChange older = change(Entity.TRACK, "t1", Fields.TITLE, "Old", stamp(4, "box-1"));
        // Same number, lower origin: "box-0" < "box-1" byte by byte.
        FieldChange tieLower = change(Entity.TRACK, "t1", Fields.TITLE, "Tie", stamp(5, "box-0"));
        FieldChange again = change(Entity.TRACK, "t1", Fields.TITLE, "Song", stamp(5, "box-1"));

        List<ChangeOutcome> outcomes = apply("box-superseded", newer, older, tieLower, again);

        assertThat(outcomes)
                .extracting(ChangeOutcome::kind)
                .containsExactly(Kind.APPLIED, Kind.SUPERSEDED, Kind.SUPERSEDED, Kind.DUPLICATE);
        for (ChangeOutcome o : outcomes.subList(1, 4)) {
            assertThat(o.stored()).isEqualTo(new Versioned("Song", newer.stamp()));
            assertThat(o.seq()).isZero();
        }
        assertThat(log("box-superseded")).containsExactly(new LogEntry(1, newer));
        // A higher origin at the same number wins the tie, as in the model.
        assertThat(apply("box-superseded", change(Entity.TRACK, "t1", Fields.TITLE, "Up", stamp(5, "box-2"))))
                .extracting(ChangeOutcome::kind)
                .containsExactly(Kind.APPLIED);
    }

    @Test
    void badFieldsBadValuesStampsFromTheFarFutureAndAReusedStampAreRejected() {
        String device = "box-rejected";
        FieldChange title = change(Entity.PLAYLIST, "p1", Fields.TITLE, "Bedtime", stamp(5, "box-1"));
        apply(device, title);
        long twoYearsAhead = Hlc.pack(T + 2 * 365 * DAY, 0);
        List<FieldChange> bad = List.of(
                change(Entity.PLAYLIST, "p1", "colour", "red", stamp(6, "box-1")),
                change(Entity.PLAYLIST, "p1", Fields.DELETED, "yes", stamp(6, "box-1")),
                change(Entity.TRACK, "t1", Fields.DURATION_MS, -1L, stamp(6, "box-1")),
                change(Entity.TRACK, "t1", Fields.DURATION_MS, 12, stamp(6, "box-1")),
                change(Entity.TAG, "tag-1", Fields.TITLE, "x", stamp(6, "box-1")),
                change(Entity.PLAYLIST, "p1", Fields.ORDER, List.of("t1", "t1"), stamp(6, "box-1")),
                change(Entity.PLAYLIST, "p1", Fields.TITLE, "Far", new Stamp(twoYearsAhead, "box-1")),
                change(Entity.PLAYLIST, "p1", Fields.TITLE, "Other", stamp(5, "box-1")),
                change(Entity.PLAYLIST, "p1", Fields.TITLE, "nul\u0000byte", stamp(7, "box-1")));

        List<ChangeOutcome> outcomes = apply(device, bad.toArray(FieldChange[]::new));

        assertThat(outcomes).extracting(ChangeOutcome::kind).containsOnly(Kind.REJECTED);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.reason()).isNotBlank());
        assertThat(outcomes.get(0).reason()).contains("colour");
        assertThat(outcomes.get(6).reason()).contains("ahead of the wall clock");
        assertThat(outcomes.get(7).reason()).contains("already set").contains("Bedtime");
        assertThat(outcomes.get(7).stored()).isEqualTo(new Versioned("Bedtime", title.stamp()));
        assertThat(outcomes.get(8).reason()).contains("cannot hold");
        assertThat(outcomes)
                .extracting(ChangeOutcome::refused)
                .containsExactly(
                        Refused.INVALID,
                        Refused.INVALID,
                        Refused.INVALID,
                        Refused.INVALID,
                        Refused.INVALID,
                        Refused.INVALID,
                        Refused.CLOCK_SKEW,
                        Refused.STAMP_REUSED,
                        Refused.INVALID);
        assertThat(field(device, Entity.PLAYLIST, "p1", Fields.TITLE))
                .isEqualTo(new Versioned("Bedtime", title.stamp()));
        assertThat(replica.state(device).block(TIMEOUT)).containsOnlyKeys(new EntityKey(Entity.PLAYLIST, "p1"));
        assertThat(log(device)).containsExactly(new LogEntry(1, title));
        // The far-future stamp did not drag the cloud's clock along: its next edit is stamped near now.
        LogEntry edit = replica.write(device, Entity.PLAYLIST, "p1", Fields.DESCRIPTION, "x")
                .block(TIMEOUT);
        assertThat(Hlc.physical(edit.change().stamp().hlc())).isLessThan(T + DAY);
    }

    @Test
    void everyKindOfValueComesBackAsTheModelHoldsIt() {
        String device = "box-values";
        Media media = new Media("b".repeat(64), "media/" + "b".repeat(64) + ".mp3", "mp3", 1234);
        List<FieldChange> changes = List.of(
                change(Entity.PLAYLIST, "p1", Fields.TITLE, "Stories \"quoted\" é", stamp(1, "box-1")),
                change(Entity.PLAYLIST, "p1", Fields.DESCRIPTION, null, stamp(1, "box-1")),
                change(Entity.PLAYLIST, "p1", Fields.DELETED, false, stamp(1, "box-1")),
                change(Entity.PLAYLIST, "p1", Fields.ORDER, List.of("t2", "t1"), stamp(1, "box-1")),
                change(Entity.TRACK, "t1", Fields.PLAYLIST_ID, "p1", stamp(1, "box-1")),
                change(Entity.TRACK, "t1", Fields.DURATION_MS, 5_000_000_000L, stamp(1, "box-1")),
                change(Entity.TRACK, "t1", Fields.MEDIA, media, stamp(1, "box-1")),
                change(Entity.TRACK, "t1", Fields.ARTIST, null, stamp(1, "box-1")),
                change(Entity.TRACK, "t2", Fields.PLAYLIST_ID, "p1", stamp(1, "box-1")),
                change(Entity.TAG, "04a1b2", Fields.PLAYLIST_ID, "p1", stamp(1, "box-1")),
                change(Entity.TAG, "04ffff", Fields.PLAYLIST_ID, null, stamp(1, "box-1")));
        Replica model = new Replica("box-1", new Hlc(wall::get));
        changes.forEach(model::apply);

        apply(device, changes.toArray(FieldChange[]::new));

        assertThat(replica.state(device).block(TIMEOUT)).isEqualTo(model.state());
        View view = replica.view(device).block(TIMEOUT);
        assertThat(view).isEqualTo(model.view());
        assertThat(view.playlists().get(0).tracks())
                .extracting(View.TrackView::id)
                .containsExactly("t2", "t1");
        assertThat(log(device)).extracting(LogEntry::change).containsExactlyElementsOf(changes);
    }

    @Test
    void theLogIsReadInPagesAfterACursor() {
        String device = "box-pages";
        List<FieldChange> changes = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            changes.add(change(Entity.TRACK, "t" + i, Fields.TITLE, "Song " + i, stamp(i, "box-1")));
        }
        apply(device, changes.toArray(FieldChange[]::new));

        assertThat(replica.log(device, 0, 3).collectList().block(TIMEOUT))
                .extracting(LogEntry::seq)
                .containsExactly(1L, 2L, 3L);
        assertThat(replica.log(device, 5, 100).collectList().block(TIMEOUT))
                .containsExactly(new LogEntry(6, changes.get(5)), new LogEntry(7, changes.get(6)));
        assertThat(replica.log(device, 7, 100).collectList().block(TIMEOUT)).isEmpty();
        assertThat(replica.log("box-never-seen", 0, 100).collectList().block(TIMEOUT))
                .isEmpty();
        assertThatThrownBy(() -> replica.log(device, -1, 10).blockLast(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replica.log(device, 0, 0).blockLast(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        replica.log(device, 0, PostgresReplica.MAX_LOG_PAGE + 1).blockLast(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The batch semantics: each change is its own transaction. A store failure in one change leaves nothing of
     * it (not its field, not a log entry, not a seq), ends the batch with the error after the outcomes of the
     * changes before it, and does not try the ones after; sending the batch again finishes it.
     */
    @Test
    void aBatchThatFailsHalfWayKeepsTheChangesBeforeAndNothingOfTheFailedOne() {
        String device = "box-fails";
        db.execute("""
                CREATE FUNCTION fail_here() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.entity_id = 'fails-here' THEN RAISE EXCEPTION 'injected failure'; END IF;
                  RETURN NEW;
                END $$""");
        db.execute("CREATE TRIGGER fail_here BEFORE INSERT ON replica_log FOR EACH ROW EXECUTE FUNCTION fail_here()");
        List<FieldChange> batch = List.of(
                change(Entity.PLAYLIST, "p1", Fields.TITLE, "Bedtime", stamp(1, "box-1")),
                change(Entity.TRACK, "t1", Fields.PLAYLIST_ID, "p1", stamp(2, "box-1")),
                change(Entity.TRACK, "fails-here", Fields.PLAYLIST_ID, "p1", stamp(3, "box-1")),
                change(Entity.TRACK, "t3", Fields.PLAYLIST_ID, "p1", stamp(4, "box-1")));
        List<ChangeOutcome> answered = new ArrayList<>();
        try {
            assertThatThrownBy(() ->
                            replica.apply(device, batch).doOnNext(answered::add).blockLast(TIMEOUT))
                    .hasMessageContaining("injected failure");
        } finally {
            db.execute("DROP TRIGGER fail_here ON replica_log");
            db.execute("DROP FUNCTION fail_here()");
        }

        assertThat(answered).extracting(ChangeOutcome::kind).containsExactly(Kind.APPLIED, Kind.APPLIED);
        assertThat(replica.state(device).block(TIMEOUT))
                .containsOnlyKeys(new EntityKey(Entity.PLAYLIST, "p1"), new EntityKey(Entity.TRACK, "t1"));
        assertThat(log(device)).containsExactly(new LogEntry(1, batch.get(0)), new LogEntry(2, batch.get(1)));
        assertThat(db.queryOne("SELECT last_seq FROM replica_devices WHERE device_id = '" + device + "'", Long.class))
                .isEqualTo(2L);

        List<ChangeOutcome> resent = apply(device, batch.toArray(FieldChange[]::new));

        assertThat(resent)
                .extracting(ChangeOutcome::kind)
                .containsExactly(Kind.DUPLICATE, Kind.DUPLICATE, Kind.APPLIED, Kind.APPLIED);
        assertThat(log(device)).extracting(LogEntry::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aCloudEditIsStampedAboveEverythingStoredForTheDeviceAndLogged() {
        String device = "box-cloud-edit";
        // The box's clock runs a day ahead of the cloud's.
        FieldChange ahead =
                change(Entity.PLAYLIST, "p1", Fields.TITLE, "Box", new Stamp(Hlc.pack(T + DAY, 3), "box-1"));
        apply(device, ahead);

        LogEntry edit = replica.write(device, Entity.PLAYLIST, "p1", Fields.TITLE, "Cloud")
                .block(TIMEOUT);

        assertThat(edit.seq()).isEqualTo(2);
        assertThat(edit.change().stamp().origin()).isEqualTo("cloud-test");
        assertThat(edit.change().stamp()).isGreaterThan(ahead.stamp());
        assertThat(field(device, Entity.PLAYLIST, "p1", Fields.TITLE))
                .isEqualTo(new Versioned("Cloud", edit.change().stamp()));
        assertThat(log(device)).containsExactly(new LogEntry(1, ahead), edit);
        // Sent back by the box that applied it, it changes nothing.
        assertThat(apply(device, edit.change())).extracting(ChangeOutcome::kind).containsExactly(Kind.DUPLICATE);
    }

    @Test
    void aCloudEditAfterARestartStampsAboveEverythingStored() {
        String device = "box-restart";
        PostgresReplica before = new PostgresReplica(db.connectionFactory(), "a", new Hlc(() -> T));
        LogEntry last = null;
        for (int i = 0; i < 5; i++) {
            last = before.write(device, Entity.TRACK, "t" + i, Fields.TITLE, "Song " + i)
                    .block(TIMEOUT);
        }
        apply(device, change(Entity.TAG, "04a1", Fields.PLAYLIST_ID, "p1", new Stamp(Hlc.pack(T, 7), "box-1")));

        // The same instance name, a fresh clock, and a wall clock that went a day back over the restart.
        PostgresReplica after = new PostgresReplica(db.connectionFactory(), "a", new Hlc(() -> T - DAY));
        LogEntry edit =
                after.write(device, Entity.TRACK, "t0", Fields.TITLE, "Renamed").block(TIMEOUT);

        Stamp highest = replica.state(device).block(TIMEOUT).values().stream()
                .flatMap(fields -> fields.values().stream())
                .map(Versioned::stamp)
                .filter(s -> !s.equals(edit.change().stamp()))
                .max(Stamp::compareTo)
                .orElseThrow();
        assertThat(highest).isGreaterThanOrEqualTo(last.change().stamp());
        assertThat(edit.change().stamp().hlc()).isGreaterThan(highest.hlc());
        assertThat(edit.change().stamp().origin()).isEqualTo("cloud-a");
        assertThat(field(device, Entity.TRACK, "t0", Fields.TITLE))
                .isEqualTo(new Versioned("Renamed", edit.change().stamp()));
        assertThat(edit.seq()).isEqualTo(7);
    }

    @Test
    void aCloudEditThatDoesNotFitIsRefusedAndStoresNothing() {
        String device = "box-bad-edit";
        assertThatThrownBy(() -> replica.write(device, Entity.TAG, "04a1", Fields.TITLE, "x")
                        .block(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replica.write(device, Entity.TRACK, "t1", Fields.DURATION_MS, "long")
                        .block(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replica.write(device, Entity.TRACK, " ", Fields.TITLE, "x")
                        .block(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(log(device)).isEmpty();
        assertThat(replica.state(device).block(TIMEOUT)).isEmpty();
        assertThatThrownBy(() -> new PostgresReplica(db.connectionFactory(), "no spaces", new Hlc(wall::get)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static FieldChange change(Entity entity, String id, String field, Object value, Stamp stamp) {
        return new FieldChange(
                entity, id, field, value, stamp, UUID.randomUUID().toString());
    }

    static Stamp stamp(int counter, String origin) {
        return new Stamp(Hlc.pack(T, counter), origin);
    }

    private static List<ChangeOutcome> apply(String device, FieldChange... changes) {
        return replica.apply(device, List.of(changes)).collectList().block(TIMEOUT);
    }

    private static List<LogEntry> log(String device) {
        return replica.log(device, 0, PostgresReplica.MAX_LOG_PAGE)
                .collectList()
                .block(TIMEOUT);
    }

    private static Versioned field(String device, Entity entity, String id, String field) {
        Map<String, Versioned> fields = replica.state(device).block(TIMEOUT).get(new EntityKey(entity, id));
        return fields == null ? null : fields.get(field);
    }
}
