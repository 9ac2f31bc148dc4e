package org.openmusicbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.Cable;
import org.openmusicbox.e2e.harness.CloudReplica;
import org.openmusicbox.e2e.harness.Http;
import org.openmusicbox.e2e.harness.LogsOnFailure;
import org.openmusicbox.e2e.harness.MediaFiles;
import org.openmusicbox.e2e.harness.Poll;
import org.openmusicbox.e2e.harness.Stack;

/**
 * Issue 15: a song uploaded on the LAN while the box is offline (its link to the broker cut by a {@link Cable}, the
 * cloud kept connected) goes to S3 once it is back, after a restart in between, and the cloud's replica then names its file; every PUT to the store passes the test's {@code S3Gate}.
 */
@ExtendWith(LogsOnFailure.class)
class MediaUploadTest {

    @TempDir
    static Path dir;

    static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.withS3Gate(MediaUploadTest.class, dir, "box-offline-upload");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void anOfflineLanUploadLandsInS3OnceAfterARestartAndReconnect() throws Exception {
        Cable link = stack.cable();
        BoxProcess box = stack.box("box-offline-upload", link);
        box.awaitConnected(Stack.CONVERGE);
        String playlist = box.library().createPlaylist("Made at home");
        box.awaitDrained(Stack.CONVERGE);

        link.cut();
        box.awaitDisconnected(Stack.CONVERGE);
        byte[] song = MediaFiles.wav(3, 23);
        String sha = MediaFiles.sha256(song);
        String trackId = MediaFiles.upload(box, playlist, "grandma.wav", song, "Grandma sings");
        box.stop();
        box.start();
        assertThat(MediaFiles.shownTrack(box, playlist, trackId))
                .as("the upload survived the restart")
                .isNotNull();
        assertThat(stack.gate().puts()).as("nothing sent while offline").isEmpty();

        link.restore();
        CloudReplica cloud = stack.replica(box.deviceId());
        Poll.until(
                "the cloud's replica to name the track's file",
                Stack.CONVERGE,
                () -> cloud.field("track", trackId, "media") != null,
                () -> "puts " + stack.gate().puts() + "; " + box.cloudState());
        JsonNode media = Http.JSON.readTree(cloud.field("track", trackId, "media"));
        assertThat(media.path("sha256").asText()).isEqualTo(sha);
        assertThat(media.path("object_key").asText()).isEqualTo("media/" + sha + ".wav");
        assertThat(media.path("file_size").asLong()).isEqualTo(song.length);
        assertThat(cloud.field("track", trackId, "title")).isEqualTo("\"Grandma sings\"");
        assertThat(putsOf(sha)).as("one PUT of the file").hasSize(1);

        // Another power cycle sends nothing again: the pending upload ended with the media recorded.
        box.stop();
        box.start();
        box.awaitDrained(Stack.CONVERGE);
        assertThat(putsOf(sha)).as("still one PUT after another restart").hasSize(1);
        assertThat(stack.gate().puts()).as("no other PUT at all").hasSize(1);
    }

    private static List<String> putsOf(String sha) {
        return stack.gate().puts().stream()
                .filter(line -> line.contains("/media/" + sha + ".wav"))
                .toList();
    }
}
