package org.openmusicbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.LogsOnFailure;
import org.openmusicbox.e2e.harness.MediaFiles;
import org.openmusicbox.e2e.harness.Poll;
import org.openmusicbox.e2e.harness.Shown;
import org.openmusicbox.e2e.harness.Stack;

/** Issue 15: a wiped box with the same identity gets its library back from the cloud and its next edit wins. */
@ExtendWith(LogsOnFailure.class)
class RestoreTest {

    @TempDir
    static Path dir;

    static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.start(RestoreTest.class, dir, "box-wiped");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aWipedBoxRestoresTheWholeLibraryAndItsNextEditIsAccepted() throws IOException {
        BoxProcess box = stack.box("box-wiped");
        var library = box.library();
        String night = library.createPlaylist("Night");
        String a = library.addTrack(night, "a");
        String b = library.addTrack(night, "b");
        library.reorder(night, java.util.List.of(b, a));
        library.describe(night, "quiet ones");
        String day = library.createPlaylist("Day");
        library.linkTag("04cafe", day);
        // The files too must be in the cloud's store before the card is wiped (a file only the wiped card held
        // is gone), and the tracks' media fields that say so in the cloud.
        Poll.until(
                "the box's uploads to the cloud's store",
                Stack.CONVERGE,
                () -> box.cloudState().contains("media: 0 downloads waiting, 0 uploads waiting"),
                box::cloudState);
        box.awaitDrained(Stack.CONVERGE);
        Shown before = library.shown();
        assertThat(stack.replica("box-wiped").shown()).isEqualTo(before);

        box.stop();
        wipe(box.dataDir());
        box.start();

        Poll.until(
                "the wiped box to show its library again",
                Stack.CONVERGE,
                () -> library.shown().equals(before),
                () -> library.shown().toString());
        // The tracks' files come back too: uploaded to the cloud's store before the wipe, downloaded after it.
        for (String track : java.util.List.of(a, b)) {
            Poll.until(
                    "track " + track + " to be playable again",
                    Stack.CONVERGE,
                    () -> MediaFiles.available(MediaFiles.shownTrack(box, night, track)),
                    () -> String.valueOf(MediaFiles.shownTrack(box, night, track)));
        }
        assertThat(MediaFiles.parts(box)).as("no part left").isEmpty();
        library.rename(night, "Night, after the wipe");
        box.awaitDrained(Stack.CONVERGE);
        assertThat(stack.replica("box-wiped").field("playlist", night, "title"))
                .as("the restored box's edit is not superseded by its old self's")
                .isEqualTo("\"Night, after the wipe\"");
        assertThat(stack.replica("box-wiped").shown()).isEqualTo(library.shown());
    }

    private static void wipe(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dataDir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
