package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The box's health is a short "Box status" under Settings, in plain words, with the technical detail
 * behind a toggle; there is no Health tab any more. The YouTube card is there only when the box has a
 * cloud link.
 */
class BoxStatusPageTest {

    private static final Set<String> PARTS = Set.of("database", "audio", "nfc", "controls", "storage", "cloud");

    @TempDir
    Path tmp;

    @Test
    void aBoxWithNothingWrongSaysSoUnderSettingsAndShowsNoYoutubeCard() {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            box.api("POST", "/api/playlists", "{\"title\":\"Songs\"}");
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            assertTrue(phone.all("nav-health").isEmpty(), "no Health tab");

            parent.goes("settings");
            WebElement summary = phone.find("status-summary");
            phone.until("the status", d -> "fine".equals(summary.getDomAttribute("data-state")) ? Boolean.TRUE : null);
            assertEquals("Everything is fine.", summary.getText());
            assertTrue(phone.all("status-problem").isEmpty());
            assertTrue(
                    phone.driver().findElements(Browser.test("health-component")).stream()
                            .noneMatch(WebElement::isDisplayed),
                    "the details wait behind the toggle");

            phone.click("status-details");
            phone.find("health-component");
            assertEquals(PARTS, components(phone).keySet(), "every part in the details");
            assertEquals("disabled", components(phone).get("cloud"));
            assertFalse(phone.find("free-space").getText().isBlank());
            assertEquals("true", phone.find("status-details").getDomAttribute("aria-expanded"));

            parent.speaks("fr");
            parent.goes("settings");
            phone.until(
                    "the status in French",
                    d -> "Tout va bien.".equals(phone.find("status-summary").getText()) ? Boolean.TRUE : null);

            parent.opensPlaylist("Songs");
            phone.find("upload-drop");
            assertFalse(
                    phone.driver().findElement(Browser.test("youtube-card")).isDisplayed(),
                    "no cloud link, no YouTube card");
            phone.go(box.url() + "#health");
            phone.find("status-summary"); // an old address lands on the status
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
        }
    }

    @Test
    void aMissingReaderAndALostCloudLinkAreOneLineEachAndTheYoutubeCardIsThere() {
        Map<String, String> troubled = Map.of(
                "omb.nfc.reader", "pn532", // asked for, but this machine has no I2C bus: failed
                "omb.cloud.url", "tcp://127.0.0.1:9", // a cloud link that cannot connect
                "omb.cloud.device-id", "box-status");
        try (PageBox box = new PageBox(tmp.resolve("data"), troubled);
                Browser phone = Browser.open(375, 812)) {
            box.api("POST", "/api/playlists", "{\"title\":\"Songs\"}");
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.goes("settings");
            WebElement summary = phone.find("status-summary");
            phone.until("the two problems", d -> phone.all("status-problem").size() == 2 ? Boolean.TRUE : null);
            assertEquals("attention", summary.getDomAttribute("data-state"));
            List<String> lines = phone.all("status-problem").stream()
                    .map(WebElement::getText)
                    .toList();
            assertEquals(
                    List.of(
                            "The tag reader is not connected.",
                            "The box is not connected to the internet service right now."),
                    lines);
            parent.screenshot("23-box-status-problems");
            phone.click("status-details");
            assertEquals("failed", components(phone).get("nfc"));

            parent.opensPlaylist("Songs");
            phone.find("youtube-card");
            phone.find("youtube-url");
        }
    }

    @Test
    void theDetailsCountTheTrackFilesThatAreOnTheBoxNowNotAtTheStart() throws Exception {
        Path one = ToneFiles.wav(tmp, "One.wav", 440, 1_000, 8_000, 1);
        Path two = ToneFiles.wav(tmp, "Two.wav", 550, 1_000, 8_000, 1);
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.goes("settings");
            phone.click("status-details");
            phone.until(
                    "no track files yet",
                    d -> storageDetail(phone).startsWith("0 track files present") ? Boolean.TRUE : null);
            parent.creates("Songs");
            parent.opensPlaylist("Songs");
            parent.uploads(List.of(one, two));
            parent.waitsForTracks(List.of("One", "Two"));
            parent.goes("settings");
            phone.until(
                    "the two files just added, counted when the status is read",
                    d -> storageDetail(phone).startsWith("2 track files present") ? Boolean.TRUE : null);
        }
    }

    private static String storageDetail(Browser phone) {
        return phone
                .driver()
                .findElements(By.cssSelector("[data-test='health-component'][data-component='storage']"))
                .stream()
                .map(WebElement::getText)
                .map(text -> text.replaceFirst("(?s)^.*?(\\d+ track files present)", "$1"))
                .findFirst()
                .orElse("");
    }

    private static Map<String, String> components(Browser phone) {
        return phone.driver().findElements(By.cssSelector("[data-test='health-component']")).stream()
                .collect(Collectors.toMap(
                        e -> e.getDomAttribute("data-component"), e -> e.getDomAttribute("data-status")));
    }
}
