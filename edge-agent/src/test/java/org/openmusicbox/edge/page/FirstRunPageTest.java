package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The first five minutes, as a parent lives them on a phone: a new box asks for a name and a parent code, then
 * for a hand at the box; without one the time runs out; with a button or a tag the phone is a parent's; a
 * second phone needs the code; the reset gesture at the box brings the setup screen back, the music kept.
 */
class FirstRunPageTest {

    private static final String CODE = "246810";

    @TempDir
    Path tmp;

    @Test
    void aNewBoxIsSetUpWithAButtonAndASecondPhoneNeedsTheCode() {
        try (PageBox box = PageBox.unclaimed(tmp.resolve("data"), Map.of());
                Browser phone = Browser.open(375, 812);
                Browser other = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens();
            phone.find("setup-view");
            assertFalse(phone.find("setup-name").getText().contains("token"));
            assertTrue(phone.all("nav-now").stream().noneMatch(WebElement::isDisplayed), "no everyday page yet");
            parent.screenshot("first-run-setup");

            fill(phone, "Lion box", "12345", "12345");
            assertShows(phone, "setup-error", "at least 6 digits");
            fill(phone, "Lion box", CODE, "246811");
            assertShows(phone, "setup-error", "not the same");
            fill(phone, "", CODE, CODE);
            assertShows(phone, "setup-error", "name");
            assertEquals("unclaimed", box.setup().path("state").asText(), "nothing was sent to the box");

            fill(phone, "Lion box", CODE, CODE);
            WebElement waiting = phone.find("setup-waiting");
            assertTrue(waiting.getText().contains("press any button on the box or place any tag"), waiting.getText());
            phone.until(
                    "a countdown",
                    d -> phone.find("setup-countdown").getText().matches("\\d+ s left") ? Boolean.TRUE : null);
            parent.screenshot("first-run-waiting");

            box.press("play_pause");
            phone.find("setup-done");
            parent.screenshot("first-run-done");
            phone.click("setup-continue");
            phone.until("the everyday page", d -> phone.find("nav-now").isDisplayed() ? Boolean.TRUE : null);
            assertEquals("Lion box", phone.find("box-name").getText());
            assertEquals("true", phone.driver().findElement(By.tagName("body")).getDomAttribute("data-parent"));
            parent.creates("Bedtime");
            String kept = (String) phone.script("return localStorage.getItem('omb.parentToken')");
            assertNotEquals(CODE, kept);
            assertFalse(
                    (Boolean) phone.script(
                            "return Object.values(localStorage).some(v => v.includes(arguments[0]))", CODE),
                    "the code itself is never stored");
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");

            Parent second = new Parent(other, box.url()).opens();
            other.find("nav-now");
            assertTrue(
                    other.all("setup-view").stream().noneMatch(WebElement::isDisplayed),
                    "a claimed box shows no setup");
            assertEquals("Lion box", other.find("box-name").getText());
            other.click("login-open");
            WebElement dialog = other.find(By.cssSelector(".login-dialog"), "the login dialog");
            assertTrue(dialog.getText().contains("parent code"), dialog.getText());
            assertFalse(dialog.getText().toLowerCase().contains("token"), dialog.getText());
            other.find("login-token").sendKeys("135792");
            other.click("login-submit");
            assertShows(other, "login-error", "not right");
            assertEquals("false", other.driver().findElement(By.tagName("body")).getDomAttribute("data-parent"));
            other.find("login-token").clear();
            other.find("login-token").sendKeys(CODE);
            other.click("login-submit");
            other.until(
                    "the second phone to be a parent's",
                    d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-parent"))
                            ? Boolean.TRUE
                            : null);
            second.goes("playlists");
            second.playlistRow("Bedtime");
        }
    }

    @Test
    void withoutAHandTheTimeRunsOutThenATagFinishesTheClaim() {
        try (PageBox box = PageBox.unclaimed(tmp.resolve("data"), Map.of("omb.setup.presence-ms", "1500"));
                Browser phone = Browser.open(375, 812)) {
            new Parent(phone, box.url()).opens();
            fill(phone, "Tag box", "a long passphrase", "a long passphrase");
            phone.find("setup-waiting");
            assertShows(phone, "setup-error", "Time ran out");
            phone.find("setup-form");
            assertEquals("unclaimed", box.setup().path("state").asText());

            fill(phone, "Tag box", "a long passphrase", "a long passphrase");
            phone.find("setup-waiting");
            box.placeTag("04a22b1c");
            phone.find("setup-done");
            assertEquals("claimed", box.setup().path("state").asText());
        }
    }

    @Test
    void theResetGestureReturnsTheBoxToSetupAndKeepsTheMusic() {
        try (PageBox box = PageBox.unclaimed(tmp.resolve("data"), Map.of("omb.setup.reset-hold-ms", "500"));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens();
            fill(phone, "Lion box", CODE, CODE);
            phone.find("setup-waiting");
            box.press("next");
            phone.click("setup-continue");
            parent.creates("Bedtime");

            box.hold("previous");
            box.hold("next");
            phone.find("setup-view");
            phone.find("setup-form");
            box.release("next");
            box.release("previous");
            assertEquals("false", phone.driver().findElement(By.tagName("body")).getDomAttribute("data-parent"));
            assertEquals(null, phone.script("return localStorage.getItem('omb.parentToken')"), "the session is gone");
            assertEquals("Lion box", phone.find("box-name").getText(), "the name is kept");
            assertEquals(
                    "Bedtime",
                    box.open("GET", "/api/playlists")
                            .path("playlists")
                            .get(0)
                            .path("title")
                            .asText(),
                    "the music is kept");

            fill(phone, "Lion box", "13572468", "13572468");
            // As above: the press counts only once the box has the setup request (a CI run pressed before it).
            phone.find("setup-waiting");
            box.press("play_pause");
            phone.click("setup-continue");
            parent.playlistRow("Bedtime");
        }
    }

    private static void fill(Browser phone, String name, String code, String again) {
        for (String[] field :
                new String[][] {{"setup-name", name}, {"setup-code", code}, {"setup-code-again", again}}) {
            WebElement input = phone.find(field[0]);
            input.clear();
            input.sendKeys(field[1]);
        }
        phone.click("setup-submit");
    }

    private static void assertShows(Browser phone, String hook, String words) {
        phone.until(
                "[data-test=" + hook + "] to say '" + words + "'",
                d -> phone.find(hook).getText().contains(words) ? Boolean.TRUE : null);
    }
}
