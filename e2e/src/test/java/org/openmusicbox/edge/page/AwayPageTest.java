package org.openmusicbox.edge.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.LogsOnFailure;
import org.openmusicbox.e2e.harness.MediaFiles;
import org.openmusicbox.e2e.harness.Pairing;
import org.openmusicbox.e2e.harness.RelayProcess;
import org.openmusicbox.e2e.harness.Stack;

/**
 * Issue 17 in the browser: the parents' page at home (the box's own address) and on a phone away from home (through
 * the real cloud relay), side by side. The phone pairs with the code shown at home, then an edit on either page shows
 * on the other, and a song added from away goes to S3 and reaches the box and both pages. This class sits in the
 * page tests' package to drive the page with the edge agent's own {@link Browser} and {@link Parent}.
 */
@ExtendWith(LogsOnFailure.class)
class AwayPageTest {

    private static final String A = "box-page-away";

    @TempDir
    Path dir;

    @Test
    void aPhoneAwayAndThePageAtHomeSeeEachOthersEditsAndASongFromAwayReachesTheBox() throws Exception {
        try (Stack stack = Stack.start(AwayPageTest.class, dir, A)) {
            BoxProcess box = stack.box(A);
            box.awaitConnected(Stack.CONVERGE);
            RelayProcess relay = stack.relay("relay-page");
            box.library().createPlaylist("Bedtime");
            box.awaitDrained(Stack.CONVERGE);
            try (Browser homeBrowser = Browser.open(1024, 800);
                    Browser phoneBrowser = Browser.open(375, 812)) {
                Parent home = new Parent(homeBrowser, "http://127.0.0.1:" + box.httpPort() + "/")
                        .opens()
                        .logsIn(BoxProcess.PARENT_TOKEN);
                // Away, nothing of the box opens before pairing: not even the socket, which the relay refuses.
                Parent away = new Parent(phoneBrowser, relay.boxBase(A) + "/").loads();
                away.pairs(pairingCode(box), "Grandma's phone");
                away.goes("playlists");
                away.playlistRow("Bedtime");
                home.goes("playlists");

                long madeAway = System.nanoTime();
                away.creates("Made away");
                home.playlistRow("Made away");
                long seenAtHome = System.nanoTime();
                home.creates("Made at home");
                away.playlistRow("Made at home");
                long seenAway = System.nanoTime();
                System.out.printf(
                        "An edit away showed at home after %d ms (its own round trip included); one at home showed"
                                + " away after %d ms%n",
                        (seenAtHome - madeAway) / 1_000_000, (seenAway - seenAtHome) / 1_000_000);

                Path song = dir.resolve("lullaby.wav");
                Files.write(song, MediaFiles.wav(60, 9));
                away.opensPlaylist("Bedtime");
                away.uploads(List.of(song));
                away.browser()
                        .until(
                                "the song from away in the playlist",
                                d -> away.trackTitles().size() == 1 ? Boolean.TRUE : null);
                home.opensPlaylist("Bedtime");
                homeBrowser.until(
                        "the song from away at home", d -> home.trackTitles().size() == 1 ? Boolean.TRUE : null);
                assertThat(away.trackTitles()).isEqualTo(home.trackTitles());
                assertThat(phoneBrowser.consoleProblems()).as("the page away").isEmpty();
                assertThat(homeBrowser.consoleProblems()).as("the page at home").isEmpty();
            }
        }
    }

    private static String pairingCode(BoxProcess box) {
        var parent = Pairing.parentAtHome(box);
        parent.send("PUT", "/api/remote", Map.of("enabled", true)).okBody("turning remote access on");
        return parent.send("POST", "/api/remote/pairing", Map.of())
                .okBody("opening a pairing code")
                .path("data")
                .path("code")
                .asText();
    }
}
