package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The parent's settings reach the box, and the page speaks French when asked and remembers it. */
class SettingsPageTest {

    @TempDir
    Path tmp;

    @Test
    void settingsAreSavedOnTheBoxAndTheVolumeSliderStopsAtTheMaximum() {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.goes("settings");
            WebElement max = phone.find("setting-max-volume");
            phone.script(
                    "arguments[0].value = 60; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                            + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                    max);
            WebElement pauseOnLift = phone.find("setting-pause-on-lift");
            if (pauseOnLift.isSelected()) {
                pauseOnLift.click();
            }
            phone.click("settings-save");
            phone.until("the box to keep the settings", d -> {
                JsonNode settings = box.api("GET", "/api/player/settings", null);
                return settings.path("max_volume").asInt() == 60
                                && !settings.path("pause_on_lift").asBoolean(true)
                        ? Boolean.TRUE
                        : null;
            });
            parent.goes("now");
            phone.until(
                    "the volume slider to stop at 60",
                    d -> "60".equals(phone.find("volume").getDomAttribute("max")) ? Boolean.TRUE : null);
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
        }
    }

    @Test
    void thePageSpeaksFrenchWhenAskedAndRemembersIt() {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens();
            String english = phone.find("nav-playlists").getText();
            parent.goes("settings"); // the language choice lives in Settings, not in the header
            new Select(phone.find("lang")).selectByValue("fr");
            phone.until(
                    "French",
                    d -> "fr".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")) ? Boolean.TRUE : null);
            String french = phone.find("nav-playlists").getText();
            assertNotEquals(english, french, "the navigation is translated");
            assertFalse(french.isBlank());
            parent.screenshot("09-french");
            new Parent(phone, box.url()).opens();
            assertEquals("fr", phone.driver().findElement(By.tagName("html")).getDomAttribute("lang"), "remembered");
            assertEquals(french, phone.find("nav-playlists").getText());
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
        }
    }
}
