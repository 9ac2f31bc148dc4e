package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Without the parent's token the page shows everything and offers nothing that changes the box. */
class ChildPageTest {

    private static final List<String> CHANGING = List.of(
            "create-playlist",
            "new-playlist-title",
            "rename-playlist",
            "delete-playlist",
            "start-playlist",
            "link-tag",
            "unlink-tag",
            "upload-input",
            "delete-track",
            "move-track",
            "drag-handle",
            "play-track",
            "track-menu",
            "tag-rename",
            "tag-name-save",
            "play-pause",
            "next",
            "prev",
            "volume");

    @TempDir
    Path tmp;

    @Test
    void aChildTappingAroundCanLookButChangesNothing() {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser tablet = Browser.open(375, 812)) {
            String id = box.api("POST", "/api/playlists", "{\"title\":\"Dinosaurs\"}")
                    .path("id")
                    .asText();
            Parent child = new Parent(tablet, box.url()).opens();
            assertEquals(
                    "false", tablet.driver().findElement(By.tagName("body")).getDomAttribute("data-parent"));
            tablet.find("login-open");

            child.opensPlaylist("Dinosaurs");
            for (String view : List.of("playlist", "now")) {
                if (view.equals("now")) {
                    child.goes("now");
                }
                for (String control : CHANGING) {
                    for (WebElement element : tablet.all(control)) {
                        assertFalse(
                                element.isDisplayed() && element.isEnabled(),
                                control + " must be hidden or disabled without the parent token (" + view + ")");
                    }
                }
            }
            assertTrue(box.api("GET", "/api/playlists/" + id, null)
                    .path("title")
                    .asText()
                    .equals("Dinosaurs"));
            assertEquals(List.of(), tablet.consoleProblems(), "no console errors or warnings");
        }
    }

    @Test
    void aWrongTokenIsRefusedInWords() {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            new Parent(phone, box.url()).opens();
            phone.click("login-open");
            phone.find("login-token").sendKeys("not-the-token");
            phone.click("login-submit");
            String error = phone.find("login-error").getText();
            assertFalse(error.isBlank(), "the refusal is said");
            assertEquals("false", phone.driver().findElement(By.tagName("body")).getDomAttribute("data-parent"));
        }
    }
}
