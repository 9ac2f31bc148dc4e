package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tag that already starts another playlist: the page names it and offers to move it. */
class TagLinkPageTest {

    @TempDir
    Path tmp;

    @Test
    void aTagOfAnotherPlaylistCanBeMovedAndThenUnlinked() {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            String animals = box.api("POST", "/api/playlists", "{\"title\":\"Animals\"}")
                    .path("id")
                    .asText();
            String trains = box.api("POST", "/api/playlists", "{\"title\":\"Trains\"}")
                    .path("id")
                    .asText();
            box.api("POST", "/api/nfc/associate", "{\"tag_id\":\"04aa0001\",\"playlist_id\":\"" + animals + "\"}");
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.opensPlaylist("Trains");

            phone.click("link-tag");
            var dialog = phone.find("nfc-dialog");
            phone.until(
                    "the dialog to listen",
                    d -> "listening".equals(dialog.getDomAttribute("data-state")) ? Boolean.TRUE : null);
            assertEquals(List.of("nfc-cancel"), shownButtons(phone), "one way to stop waiting while listening");
            box.placeTag("04aa0001");
            phone.until(
                    "the duplicate to be shown",
                    d -> "duplicate".equals(dialog.getDomAttribute("data-state")) ? Boolean.TRUE : null);
            assertTrue(
                    phone.find("nfc-message").getText().contains("Animals"), "names the playlist the tag starts now");
            parent.screenshot("08-tag-already-used");
            phone.click("nfc-move-tag");
            phone.until(
                    "the tag to move",
                    d -> "success".equals(dialog.getDomAttribute("data-state")) ? Boolean.TRUE : null);
            box.liftTag("04aa0001");
            assertEquals(
                    List.of("nfc-tag-name-save", "nfc-close"),
                    shownButtons(phone),
                    "once it is done: name the tag, or Close; no Stop any more");
            phone.click("nfc-close");
            assertEquals(
                    "04aa0001",
                    box.api("GET", "/api/playlists/" + trains, null)
                            .path("nfc_tag_id")
                            .asText());
            assertTrue(box.api("GET", "/api/playlists/" + animals, null)
                    .path("nfc_tag_id")
                    .isNull());

            phone.click("unlink-tag");
            phone.click("confirm-yes");
            phone.until(
                    "the tag to be gone",
                    d -> !phone.find("playlist-tag").getText().contains("04aa0001") ? Boolean.TRUE : null);
            assertTrue(box.api("GET", "/api/playlists/" + trains, null)
                    .path("nfc_tag_id")
                    .isNull());
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
        }
    }

    @Test
    void aLinkLeftAloneEndsWithTheCountdownAndCanBeCancelled() {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            box.api("POST", "/api/playlists", "{\"title\":\"Quiet\"}");
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.opensPlaylist("Quiet");
            phone.click("link-tag");
            var dialog = phone.find("nfc-dialog");
            phone.until(
                    "the dialog to listen",
                    d -> "listening".equals(dialog.getDomAttribute("data-state")) ? Boolean.TRUE : null);
            String before = phone.find("nfc-countdown").getText();
            phone.until(
                    "the countdown to go down",
                    d -> !phone.find("nfc-countdown").getText().equals(before) ? Boolean.TRUE : null);
            assertEquals(List.of("nfc-cancel"), shownButtons(phone), "Stop is the one way out while listening");
            phone.click("nfc-cancel");
            phone.until(
                    "the link to stop",
                    d -> "stopped".equals(dialog.getDomAttribute("data-state")) ? Boolean.TRUE : null);
            assertEquals(List.of("nfc-close"), shownButtons(phone), "Close only once it stopped");
            phone.until(
                    "the box to stop listening",
                    d -> !box.api("GET", "/api/nfc/status", null)
                                    .path("association_active")
                                    .asBoolean()
                            ? Boolean.TRUE
                            : null);
            phone.click("nfc-close");
            phone.until("the dialog to close", d -> !dialog.isDisplayed() ? Boolean.TRUE : null);
        }
    }

    /** The dialog's buttons a parent can see now, in order. */
    @SuppressWarnings("unchecked")
    private static List<String> shownButtons(Browser phone) {
        return (List<String>) phone.script("return [...document.querySelectorAll(\"[data-test='nfc-dialog'] button\")]"
                + ".filter(b => b.getClientRects().length > 0).map(b => b.dataset.test)");
    }
}
