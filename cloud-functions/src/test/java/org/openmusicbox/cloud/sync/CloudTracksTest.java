package org.openmusicbox.cloud.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.device.RecordingDeviceLink;
import org.openmusicbox.cloud.store.LogEntry;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresReplica;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Media;
import org.openmusicbox.protocol.v1.sync.Stamp;
import org.openmusicbox.protocol.v1.sync.View;

/** Tracks added in the cloud, written into the box's replica on a real PostgreSQL, and the box told to pull. */
class CloudTracksTest {

    private static final Duration T = Duration.ofSeconds(60);
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static TestDatabase db;
    private static PostgresReplica replica;
    private final RecordingDeviceLink devices = new RecordingDeviceLink();
    private CloudTracks tracks;

    @BeforeAll
    static void migratedDatabase() {
        db = TestDatabase.create();
        new Migrations(db.connectionFactory()).apply().block(T);
        replica = new PostgresReplica(db.connectionFactory(), "test", new Hlc(System::currentTimeMillis));
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    private CloudTracks tracks() {
        if (tracks == null) {
            tracks = new CloudTracks(replica, new SyncNow(devices, Duration.ofMillis(10)));
        }
        return tracks;
    }

    @Test
    void aNewTrackIsLoggedWithItsFieldsAndTheBoxIsToldToPull() throws Exception {
        String device = device();
        boxWrites(device, Entity.PLAYLIST, "p1", Fields.TITLE, "Songs");

        tracks().register(device, "p1", track("t1", "p1", "Frère Jacques")).block(T);

        View.PlaylistView playlist = playlist(device, "p1");
        assertThat(playlist.title()).isEqualTo("Songs");
        assertThat(playlist.tracks()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("t1");
            assertThat(t.title()).isEqualTo("Frère Jacques");
            assertThat(t.artist()).isEqualTo("Les Enfants");
            assertThat(t.durationMs()).isEqualTo(61_000L);
            assertThat(t.media()).isEqualTo(new Media(SHA, "media/" + SHA + ".mp3", "mp3", 1234));
        });
        assertThat(log(device))
                .extracting(e -> e.change().field())
                .containsExactly(
                        Fields.TITLE,
                        Fields.TITLE,
                        Fields.ARTIST,
                        Fields.DURATION_MS,
                        Fields.MEDIA,
                        Fields.PLAYLIST_ID);
        assertThat(log(device).get(1).change().stamp().origin()).isEqualTo("cloud-test");
        RecordingDeviceLink.Published command = devices.await(p -> device.equals(p.deviceId()), 10);
        assertThat(command.topicKind()).isEqualTo(TopicKind.COMMANDS.suffix());
        assertThat(((DeviceCommand) command.message()).name()).isEqualTo(DeviceCommand.SYNC_NOW);
    }

    @Test
    void theSameTrackTwiceIsRegisteredOnce() {
        String device = device();
        CloudTrack track = track("t1", "p1", "Once");

        tracks().register(device, "p1", track).block(T);
        int logged = log(device).size();
        tracks().register(device, "p1", track).block(T);

        assertThat(log(device)).hasSize(logged);
        assertThat(playlist(device, "p1").tracks()).hasSize(1);
    }

    @Test
    void aTrackTheBoxMadeGetsOnlyItsMediaAndADeletedOneStaysDeleted() {
        String device = device();
        boxWrites(device, Entity.TRACK, "mine", Fields.PLAYLIST_ID, "p1");
        boxWrites(device, Entity.TRACK, "mine", Fields.TITLE, "Named on the box");
        boxWrites(device, Entity.TRACK, "gone", Fields.PLAYLIST_ID, "p1");
        boxWrites(device, Entity.TRACK, "gone", Fields.DELETED, true);
        int before = log(device).size();

        tracks().register(device, "p1", track("mine", "p1", "Title from the file"))
                .block(T);
        tracks().register(device, "p1", track("gone", "p1", "Deleted meanwhile"))
                .block(T);

        assertThat(log(device).subList(before, log(device).size()))
                .extracting(e -> e.change().entityId() + "." + e.change().field())
                .containsExactly("mine.media");
        assertThat(playlist(device, "p1").tracks()).singleElement().satisfies(t -> {
            assertThat(t.title()).isEqualTo("Named on the box");
            assertThat(t.media()).isNotNull();
        });
    }

    @Test
    void aPlaylistTheCloudDoesNotKnowIsShownUntitledUntilTheBoxNamesIt() {
        String device = device();

        tracks().register(device, "p-new", track("t1", "p-new", "Early")).block(T);

        View.PlaylistView untitled = playlist(device, "p-new");
        assertThat(untitled.title()).isNullOrEmpty();
        assertThat(untitled.tracks()).extracting(View.TrackView::id).containsExactly("t1");
        assertThat(log(device)).noneMatch(e -> e.change().entity() == Entity.PLAYLIST);

        boxWrites(device, Entity.PLAYLIST, "p-new", Fields.TITLE, "Named on the box");
        assertThat(playlist(device, "p-new").title()).isEqualTo("Named on the box");
    }

    @Test
    void aFullPlaylistTakesNoNewTrackAndBadTracksChangeNothing() {
        String device = device();
        List<FieldChange> full = new ArrayList<>();
        for (int i = 0; i < SyncChange.MAX_ORDER; i++) {
            full.add(new FieldChange(
                    Entity.TRACK,
                    "t" + i,
                    Fields.PLAYLIST_ID,
                    "big",
                    boxStamp(),
                    UUID.randomUUID().toString()));
        }
        replica.apply(device, full).blockLast(Duration.ofMinutes(5));
        int before = log(device).size();

        assertThatThrownBy(() -> tracks().register(device, "big", track("one-more", "big", "Too many"))
                        .block(T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3000 tracks");
        CloudTrack noMedia = new CloudTrack("t-x", "p1", 1, "No file", null, null, 0, null, null, 0, null);
        assertThatThrownBy(() -> tracks().register(device, "p1", noMedia).block(T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("media");
        assertThatThrownBy(() -> tracks().register(device, "p2", track("t-y", "p1", "Elsewhere"))
                        .block(T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names playlist p1");
        assertThat(log(device)).hasSize(before);
        // an existing track of the full playlist still takes its media
        tracks().register(device, "big", track("t7", "big", "Known")).block(T);
        assertThat(log(device)).hasSize(before + 1);
    }

    private static CloudTrack track(String id, String playlistId, String title) {
        return new CloudTrack(
                id, playlistId, 1, title, "Les Enfants", null, 61_000, "media/" + SHA + ".mp3", SHA, 1234, "mp3");
    }

    private static void boxWrites(String device, Entity entity, String id, String field, Object value) {
        replica.apply(
                        device,
                        List.of(new FieldChange(
                                entity,
                                id,
                                field,
                                value,
                                boxStamp(),
                                UUID.randomUUID().toString())))
                .blockLast(T);
    }

    private static Stamp boxStamp() {
        return new Stamp(Hlc.pack(System.currentTimeMillis(), 0) + COUNTER.incrementAndGet(), "box-1");
    }

    private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

    private static View.PlaylistView playlist(String device, String id) {
        return replica.view(device).block(T).playlists().stream()
                .filter(p -> p.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no playlist " + id + " in the view"));
    }

    private static List<LogEntry> log(String device) {
        List<LogEntry> all = new ArrayList<>();
        while (true) {
            long after = all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
            List<LogEntry> page = replica.log(device, after, PostgresReplica.MAX_LOG_PAGE)
                    .collectList()
                    .block(T);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
        }
    }

    private static String device() {
        return "box-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
