package org.openmusicbox.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresStore;
import org.openmusicbox.protocol.v1.mqtt.ChangeAcks;
import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.Entity;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange.PlaylistFields;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange.TagFields;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange.TrackFields;
import org.openmusicbox.protocol.v1.mqtt.LibraryChanges;
import org.openmusicbox.protocol.v1.mqtt.Outcome;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import reactor.core.publisher.Mono;

/**
 * The store and its handlers against a real PostgreSQL (see {@link TestDatabase}). Every test uses its own
 * device id, so the tests share one database without seeing each other's rows.
 */
class PostgresStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String AT = "2026-11-26T00:00:58Z";
    private static final String SHA = "a".repeat(64);

    private static TestDatabase db;
    private static PlaylistStore store;
    private static ApplyLibraryChanges applyChanges;
    private static ListPlaylists listPlaylists;
    private static GetPlaylist getPlaylist;

    @BeforeAll
    static void migratedDatabase() {
        db = TestDatabase.create();
        new Migrations(db.connectionFactory()).apply().block(TIMEOUT);
        store = new PostgresStore(db.connectionFactory());
        applyChanges = new ApplyLibraryChanges(store);
        listPlaylists = new ListPlaylists(store);
        getPlaylist = new GetPlaylist(store);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void presenceKeepsTheNewestAndTheLastWillOfAConnectionWins() {
        String connect = "2026-11-26T08:00:00Z";
        assertThat(store.presence("box-presence").blockOptional(TIMEOUT)).isEmpty();
        assertThat(store.recordPresence(Presence.online("box-presence", connect, "0.1.0"))
                        .block(TIMEOUT))
                .isTrue();
        // The will was written at connect, so it carries the connection's time, and must still win.
        assertThat(store.recordPresence(Presence.offline("box-presence", connect, null))
                        .block(TIMEOUT))
                .isTrue();
        Presence now = store.presence("box-presence").block(TIMEOUT);
        assertThat(now.status()).isEqualTo(Presence.Status.OFFLINE);
        assertThat(now.agentVersion()).as("kept from the online message").isEqualTo("0.1.0");

        assertThat(store.recordPresence(Presence.online("box-presence", "2026-11-26T07:00:00Z", "0.0.9"))
                        .block(TIMEOUT))
                .as("a late online of an earlier connection")
                .isFalse();
        assertThat(store.recordPresence(Presence.online("box-presence", connect, "0.1.0"))
                        .block(TIMEOUT))
                .as("the online again at the same time as its will")
                .isFalse();
        assertThat(store.presence("box-presence").block(TIMEOUT).status()).isEqualTo(Presence.Status.OFFLINE);

        assertThat(store.recordPresence(Presence.online("box-presence", "2026-11-26T09:00:00Z", "0.2.0"))
                        .block(TIMEOUT))
                .as("the next connection")
                .isTrue();
        assertThat(store.presence("box-presence").block(TIMEOUT))
                .isEqualTo(new Presence("box-presence", Presence.Status.ONLINE, "2026-11-26T09:00:00Z", "0.2.0"));
    }

    @Test
    void aBatchLandsInPostgresql() {
        ChangeAcks acks = send(
                "box-land",
                playlist("c1", "p1", 1, "Bedtime"),
                track("c2", "t2", 1, "p1", 2, "Second"),
                track("c3", "t1", 1, "p1", 1, "First"),
                tag("c4", "04a1b2c3", 1, "p1"),
                playlist("c5", "p2", 1, "Car"));

        assertThat(acks.deviceId()).isEqualTo("box-land");
        assertThat(acks.results()).extracting(ChangeResult::changeId).containsExactly("c1", "c2", "c3", "c4", "c5");
        assertThat(acks.results()).extracting(ChangeResult::outcome).containsOnly(Outcome.APPLIED);
        assertThat(acks.results()).extracting(ChangeResult::storedVersion).containsOnly(1L);
        assertThat(count("SELECT count(*) FROM tracks WHERE device_id = 'box-land'"))
                .isEqualTo(2);
        assertThat(db.queryOne(
                        "SELECT playlist_id FROM tag_links WHERE device_id = 'box-land' AND tag_id = '04a1b2c3'",
                        String.class))
                .isEqualTo("p1");
        assertThat(count("SELECT count(*) FROM applied_changes WHERE device_id = 'box-land' AND outcome = 'applied'"))
                .isEqualTo(5);

        List<PlaylistSummary> playlists = listPlaylists.apply("box-land").block(TIMEOUT);
        assertThat(playlists).extracting(PlaylistSummary::title).containsExactly("Bedtime", "Car");
        assertThat(playlists).extracting(PlaylistSummary::trackCount).containsExactly(2, 0);

        PlaylistDetails bedtime =
                getPlaylist.apply(new PlaylistRef("box-land", "p1")).block(TIMEOUT);
        assertThat(bedtime.title()).isEqualTo("Bedtime");
        assertThat(bedtime.tracks()).extracting(CloudTrack::title).containsExactly("First", "Second");
        assertThat(bedtime.tracks().get(0).objectKey()).isEqualTo("media/" + SHA + ".mp3");
        assertThat(getPlaylist.apply(new PlaylistRef("box-other", "p1")).blockOptional(TIMEOUT))
                .isEmpty();
    }

    @Test
    void aDuplicateChangeChangesNothingAndSaysSo() {
        send("box-dup", playlist("c1", "p1", 1, "Bedtime"));
        String before =
                db.queryOne("SELECT title || updated_at FROM playlists WHERE device_id = 'box-dup'", String.class);

        ChangeAcks again = send("box-dup", playlist("c1", "p1", 1, "Something else"));

        ChangeResult result = again.results().get(0);
        assertThat(result.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(result.storedVersion()).isEqualTo(1);
        assertThat(db.queryOne("SELECT title || updated_at FROM playlists WHERE device_id = 'box-dup'", String.class))
                .isEqualTo(before);
        assertThat(count("SELECT count(*) FROM applied_changes WHERE device_id = 'box-dup'"))
                .isEqualTo(1);
    }

    @Test
    void anOlderVersionArrivingAfterANewerOneDoesNotOverwriteIt() {
        send("box-order", playlist("c3", "p1", 3, "Newest"), track("c5", "t1", 5, "p1", 1, "Track five"));

        ChangeAcks late = send(
                "box-order",
                playlist("c2", "p1", 2, "Older"),
                playlist("c3b", "p1", 3, "Same version"),
                track("c4", "t1", 4, "p1", 9, "Track four"));

        assertThat(late.results())
                .extracting(ChangeResult::outcome)
                .containsExactly(Outcome.STALE, Outcome.STALE, Outcome.STALE);
        assertThat(late.results()).extracting(ChangeResult::storedVersion).containsExactly(3L, 3L, 5L);
        assertThat(late.results().get(0).reason()).contains("3");
        assertThat(db.queryOne("SELECT title FROM playlists WHERE device_id = 'box-order'", String.class))
                .isEqualTo("Newest");
        assertThat(db.queryOne(
                        "SELECT title || '/' || track_number || '/' || version FROM tracks "
                                + "WHERE device_id = 'box-order'",
                        String.class))
                .isEqualTo("Track five/1/5");
        assertThat(db.queryOne(
                        "SELECT string_agg(outcome, ',' ORDER BY change_id) FROM applied_changes "
                                + "WHERE device_id = 'box-order'",
                        String.class))
                .isEqualTo("stale,applied,stale,stale,applied");

        ChangeAcks newer = send("box-order", playlist("c9", "p1", 9, "Newer still"));
        assertThat(newer.results().get(0).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(db.queryOne("SELECT title FROM playlists WHERE device_id = 'box-order'", String.class))
                .isEqualTo("Newer still");
    }

    @Test
    void aDeleteLeavesATombstoneThatAnOlderUpsertCannotRaise() {
        send(
                "box-tomb",
                playlist("c1", "p1", 1, "Bedtime"),
                track("c2", "t1", 1, "p1", 1, "Song"),
                tag("c3", "04a1", 1, "p1"));

        ChangeAcks deletes = send(
                "box-tomb",
                LibraryChange.delete("d1", Entity.PLAYLIST, "p1", 4, AT),
                LibraryChange.delete("d2", Entity.TRACK, "t1", 2, AT),
                LibraryChange.delete("d3", Entity.TAG, "04a1", 2, AT),
                LibraryChange.delete("d4", Entity.TRACK, "never-seen", 3, AT));
        assertThat(deletes.results()).extracting(ChangeResult::outcome).containsOnly(Outcome.APPLIED);
        assertThat(listPlaylists.apply("box-tomb").block(TIMEOUT)).isEmpty();
        assertThat(getPlaylist.apply(new PlaylistRef("box-tomb", "p1")).blockOptional(TIMEOUT))
                .isEmpty();
        assertThat(count("SELECT count(*) FROM playlists WHERE device_id = 'box-tomb' AND deleted AND version = 4"))
                .isEqualTo(1);

        ChangeAcks late = send(
                "box-tomb",
                playlist("c2x", "p1", 3, "Bedtime again"),
                track("c3x", "never-seen", 2, "p1", 1, "Ghost"),
                tag("c4x", "04a1", 1, "p9"));

        assertThat(late.results()).extracting(ChangeResult::outcome).containsOnly(Outcome.STALE);
        assertThat(late.results()).extracting(ChangeResult::storedVersion).containsExactly(4L, 3L, 2L);
        assertThat(count("SELECT count(*) FROM playlists WHERE device_id = 'box-tomb' AND NOT deleted"))
                .isZero();
        assertThat(count("SELECT count(*) FROM tracks WHERE device_id = 'box-tomb' AND NOT deleted"))
                .isZero();
        assertThat(count("SELECT count(*) FROM tag_links WHERE device_id = 'box-tomb' AND NOT deleted"))
                .isZero();

        ChangeAcks recreated = send("box-tomb", playlist("c5", "p1", 5, "Bedtime, new"));
        assertThat(recreated.results().get(0).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(listPlaylists.apply("box-tomb").block(TIMEOUT))
                .extracting(PlaylistSummary::title)
                .containsExactly("Bedtime, new");
    }

    @Test
    void aBadChangeIsRejectedAndTheRestOfTheBatchApplies() {
        ChangeAcks acks = send(
                "box-bad",
                playlist("c1", "p1", 1, "Good"),
                track("c2", "t0", 0, "p1", 1, "Version zero"),
                track("c3", "t1", 1, "p1", 1, "Nul \u0000 in the title"),
                track("c4", "t2", 1, "p1", 2, "Fine"));

        assertThat(acks.results())
                .extracting(ChangeResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.REJECTED, Outcome.REJECTED, Outcome.APPLIED);
        assertThat(acks.results().get(1).reason()).contains("version must be at least 1");
        assertThat(acks.results().get(2).reason()).startsWith("the store cannot hold this change");
        assertThat(db.queryOne(
                        "SELECT string_agg(track_id, ',') FROM tracks WHERE device_id = 'box-bad'", String.class))
                .isEqualTo("t2");
        assertThat(db.queryOne(
                        "SELECT string_agg(change_id, ',' ORDER BY change_id) FROM applied_changes "
                                + "WHERE device_id = 'box-bad'",
                        String.class))
                .isEqualTo("c1,c4");
    }

    @Test
    void theSameBatchFromTwoThreadsAppliesEachChangeOnce() throws Exception {
        List<LibraryChange> changes = new ArrayList<>();
        changes.add(playlist("c0", "p1", 1, "Raced"));
        for (int i = 1; i <= 30; i++) {
            changes.add(track("c" + i, "t" + i, 1, "p1", i, "Track " + i));
        }
        LibraryChanges batch = new LibraryChanges("box-race", changes);
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<ChangeAcks> send = () -> {
            start.await();
            return applyChanges.apply(batch).block(TIMEOUT);
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<ChangeAcks> first = threads.submit(send);
            Future<ChangeAcks> second = threads.submit(send);
            List<ChangeResult> a = first.get().results();
            List<ChangeResult> b = second.get().results();

            for (int i = 0; i < changes.size(); i++) {
                assertThat(List.of(a.get(i).outcome(), b.get(i).outcome()))
                        .as("change %d", i)
                        .containsExactlyInAnyOrder(Outcome.APPLIED, Outcome.DUPLICATE);
                assertThat(a.get(i).storedVersion()).isEqualTo(1);
                assertThat(b.get(i).storedVersion()).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM playlists WHERE device_id = 'box-race'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM tracks WHERE device_id = 'box-race'"))
                .isEqualTo(30);
        assertThat(count("SELECT count(*) FROM applied_changes WHERE device_id = 'box-race'"))
                .isEqualTo(31);
    }

    @Test
    void registeringAnUploadedTrackIsIdempotentAndKeepsTheDevicesFields() {
        CloudTrack uploaded = new CloudTrack(
                "t1",
                "p1",
                3,
                "From the tags",
                "Artist",
                null,
                181_000,
                "media/" + SHA + ".flac",
                SHA,
                4_000_000,
                "flac");

        CloudTrack first = store.registerTrack("box-upload", "p1", uploaded).block(TIMEOUT);
        String written =
                db.queryOne("SELECT updated_at::text FROM tracks WHERE device_id = 'box-upload'", String.class);
        CloudTrack second = store.registerTrack("box-upload", "p1", uploaded).block(TIMEOUT);

        assertThat(first).isEqualTo(uploaded);
        assertThat(second).isEqualTo(uploaded);
        assertThat(db.queryOne("SELECT updated_at::text FROM tracks WHERE device_id = 'box-upload'", String.class))
                .isEqualTo(written);
        assertThat(db.queryOne("SELECT version FROM tracks WHERE device_id = 'box-upload'", Long.class))
                .isZero();

        // The device's own change wins over version 0 but keeps the media fields it leaves out.
        ChangeAcks renamed = send(
                "box-upload",
                new LibraryChange(
                        "c1",
                        Entity.TRACK,
                        "t1",
                        1,
                        org.openmusicbox.protocol.v1.mqtt.Op.UPSERT,
                        AT,
                        null,
                        new TrackFields("p1", 1, "Renamed on the box", null, null, 0, null, null, 0),
                        null));
        assertThat(renamed.results().get(0).outcome()).isEqualTo(Outcome.APPLIED);
        CloudTrack stored = getPlaylist
                .apply(new PlaylistRef("box-upload", "p1"))
                .blockOptional(TIMEOUT)
                .map(p -> p.tracks().get(0))
                .orElse(null);
        assertThat(stored).isNull(); // the playlist itself has not arrived yet
        CloudTrack again = store.registerTrack("box-upload", "p1", uploaded).block(TIMEOUT);
        assertThat(again.title()).isEqualTo("Renamed on the box");
        assertThat(again.trackNumber()).isEqualTo(1);
        assertThat(again.objectKey()).isEqualTo(uploaded.objectKey());
        assertThat(again.durationMs()).isEqualTo(181_000);
        assertThat(again.fileSize()).isEqualTo(4_000_000);
        assertThat(again.format()).isEqualTo("flac");

        send("box-upload", LibraryChange.delete("c2", Entity.TRACK, "t1", 2, AT));
        store.registerTrack("box-upload", "p1", uploaded).block(TIMEOUT);
        assertThat(count("SELECT count(*) FROM tracks WHERE device_id = 'box-upload' AND NOT deleted"))
                .isZero();
    }

    @Test
    void registeringATrackWithoutItsMediaIsRefusedAndWritesNothing() {
        CloudTrack notStored = new CloudTrack("t1", "p1", 1, "No file yet", null, null, 0, null, null, 0, null);

        Throwable refused = store.registerTrack("box-nomedia", "p1", notStored)
                .map(t -> (Throwable) null)
                .onErrorResume(Mono::just)
                .block(TIMEOUT);

        assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must carry its media");
        assertThat(count("SELECT count(*) FROM tracks WHERE device_id = 'box-nomedia'"))
                .isZero();
    }

    @Test
    void aPlaylistShowsOnlyMediaKnownToBeInTheMediaStore() {
        String other = "b".repeat(64);
        send(
                "box-named",
                playlist("c1", "p1", 1, "Named"),
                trackWithMedia("c2", "t1", 1, "media/" + SHA + ".flac", SHA),
                trackWithMedia("c3", "t2", "media/" + other + ".mp3", SHA),
                trackWithMedia("c4", "t3", "uploads/elsewhere.mp3", other),
                trackWithMedia("c5", "t4", "media/" + SHA + ".mp3", null),
                trackWithMedia("c6", "t5", null, null));

        List<CloudTrack> tracks = getPlaylist
                .apply(new PlaylistRef("box-named", "p1"))
                .block(TIMEOUT)
                .tracks();

        assertThat(tracks).extracting(CloudTrack::id).containsExactly("t1", "t2", "t3", "t4", "t5");
        // the cloud's own key of this hash names the format found in the bytes
        assertThat(tracks.get(0))
                .extracting(CloudTrack::objectKey, CloudTrack::sha256, CloudTrack::format)
                .containsExactly("media/" + SHA + ".flac", SHA, "flac");
        // a key of another hash, a key outside the media store, a key without a hash, no key at all
        assertThat(tracks.subList(1, 5)).allSatisfy(t -> {
            assertThat(t.hasMedia()).as(t.id()).isFalse();
            assertThat(t.title()).isEqualTo("Named " + t.id());
        });

        CloudTrack uploaded = new CloudTrack(
                "t3", "p1", 3, "From the tags", null, null, 1_000, "media/" + other + ".ogg", other, 9_000, "ogg");
        store.registerTrack("box-named", "p1", uploaded).block(TIMEOUT);
        CloudTrack registered = getPlaylist
                .apply(new PlaylistRef("box-named", "p1"))
                .block(TIMEOUT)
                .tracks()
                .get(2);
        assertThat(registered)
                .extracting(CloudTrack::objectKey, CloudTrack::sha256, CloudTrack::format)
                .containsExactly(uploaded.objectKey(), other, "ogg");
    }

    private static LibraryChange trackWithMedia(
            String changeId, String id, int number, String objectKey, String sha256) {
        return LibraryChange.upsert(
                changeId, id, 1, AT, new TrackFields("p1", number, "Named " + id, null, null, 0, objectKey, sha256, 0));
    }

    private static LibraryChange trackWithMedia(String changeId, String id, String objectKey, String sha256) {
        return trackWithMedia(changeId, id, Integer.parseInt(id.substring(1)), objectKey, sha256);
    }

    private static ChangeAcks send(String deviceId, LibraryChange... changes) {
        return applyChanges
                .apply(new LibraryChanges(deviceId, List.of(changes)))
                .block(TIMEOUT);
    }

    private static long count(String sql) {
        return db.queryOne(sql, Long.class);
    }

    static LibraryChange playlist(String changeId, String id, long version, String title) {
        return LibraryChange.upsert(changeId, id, version, AT, new PlaylistFields(title, "about " + title));
    }

    static LibraryChange track(String changeId, String id, long version, String playlistId, int number, String title) {
        return LibraryChange.upsert(
                changeId,
                id,
                version,
                AT,
                new TrackFields(
                        playlistId,
                        number,
                        title,
                        "Artist",
                        "Album",
                        120_000,
                        "media/" + SHA + ".mp3",
                        SHA,
                        2_000_000));
    }

    static LibraryChange tag(String changeId, String uid, long version, String playlistId) {
        return LibraryChange.upsert(changeId, uid, version, AT, new TagFields(playlistId));
    }
}
