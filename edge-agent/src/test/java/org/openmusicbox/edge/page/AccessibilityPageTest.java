package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openqa.selenium.By;

/**
 * The main screens on a 375 px phone, in English and in French: axe-core finds no violation of serious
 * or critical impact, every control a finger can reach is at least 44x44 px, and the French header
 * shows the box's name whole.
 */
class AccessibilityPageTest {

    private static final String INTERACTIVE =
            "button, select, input:not([type=hidden]), textarea, a[href], [role=button], [tabindex]:not([tabindex='-1'])";

    @TempDir
    Path tmp;

    @Test
    void theMainScreensPassAxeAndTheTapTargetTestInEnglish() throws Exception {
        checkEveryScreen("en");
    }

    @Test
    void theMainScreensPassAxeAndTheTapTargetTestInFrench() throws Exception {
        checkEveryScreen("fr");
    }

    @Test
    void theFirstRunScreensPassAxeAndTheTapTargetTestInEnglishAndFrench() {
        for (String lang : List.of("en", "fr")) {
            try (PageBox box = PageBox.unclaimed(tmp.resolve("new-" + lang), Map.of());
                    Browser phone = Browser.open(375, 812)) {
                new Parent(phone, box.url()).opens();
                phone.find("setup-view");
                new org.openqa.selenium.support.ui.Select(phone.find("setup-lang")).selectByValue(lang);
                phone.until(
                        "the setup screen to speak " + lang,
                        d -> lang.equals(d.findElement(By.tagName("html")).getDomAttribute("lang"))
                                ? Boolean.TRUE
                                : null);
                Map<String, List<String>> problems = new java.util.LinkedHashMap<>();
                check(phone, "setup", problems);
                for (String[] field : new String[][] {
                    {"setup-name", "Boîte de Léa"}, {"setup-code", "246810"}, {"setup-code-again", "246810"}
                }) {
                    phone.find(field[0]).sendKeys(field[1]);
                }
                phone.click("setup-submit");
                phone.find("setup-waiting");
                check(phone, "waiting for a hand at the box", problems);
                box.press("next");
                phone.find("setup-done");
                check(phone, "set up", problems);
                assertEquals(Map.of(), problems, lang + ": accessibility problems by screen");
                assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
            }
        }
    }

    @Test
    void theFrenchHeaderShowsTheBoxsNameWhole() throws Exception {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens();
            parent.speaks("fr");
            assertEquals(
                    "Boîte à musique",
                    phone.driver().findElement(By.cssSelector(".brand-name")).getText());
            assertEquals(List.of(), headerProblems(phone), "logged out (Accès parent shown)");
            parent.logsIn(PageBox.TOKEN);
            assertEquals(List.of(), headerProblems(phone), "logged in (Déconnexion shown)");
            parent.screenshot("20-header-fr");
        }
    }

    @Test
    void theTapTargetCheckCatchesASmallControl() throws Exception {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            new Parent(phone, box.url()).opens();
            phone.script("document.querySelector(\"[data-test='login-open']\").style.cssText ="
                    + " 'min-height: 30px; height: 30px; min-width: 0'");
            List<String> small = smallTargets(phone);
            assertEquals(1, small.size(), "the shrunk button is found: " + small);
            assertTrue(small.get(0).contains("login-open"), small.get(0));
        }
    }

    private void checkEveryScreen(String lang) throws Exception {
        Path song = ToneFiles.wav(tmp, "Lullaby.wav", 440, 1_000, 8_000, 1);
        try (PageBox box = new PageBox(tmp.resolve("data-" + lang));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens();
            parent.speaks(lang);
            Map<String, List<String>> problems = new java.util.LinkedHashMap<>();

            phone.click("login-open");
            phone.find("login-token");
            check(phone, "login dialog", problems);
            phone.find("login-token").sendKeys(PageBox.TOKEN);
            phone.click("login-submit");
            phone.until(
                    "the parent login",
                    d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-parent"))
                            ? Boolean.TRUE
                            : null);
            parent.connected();

            check(phone, "now playing", problems);
            parent.creates("Bedtime");
            check(phone, "playlists", problems);
            parent.opensPlaylist("Bedtime");
            parent.uploads(List.of(song));
            parent.waitsForTracks(List.of("Lullaby"));
            parent.waitsForUploadToLeave("Lullaby.wav");
            check(phone, "one playlist with tracks", problems);
            phone.click("link-tag");
            phone.until(
                    "the tag dialog to listen",
                    d -> "listening".equals(phone.find("nfc-dialog").getDomAttribute("data-state"))
                            ? Boolean.TRUE
                            : null);
            check(phone, "tag dialog", problems);
            phone.click("nfc-cancel");
            phone.click("nfc-close");
            box.api("PUT", "/api/remote", "{\"enabled\":true}");
            String used =
                    box.api("POST", "/api/remote/pairing", "{}").path("code").asText();
            RemotePageTest.pairAs(box, used, "Grandma's phone");
            parent.goes("settings");
            phone.find("remote-phone");
            phone.click("remote-pair");
            phone.find("remote-code");
            phone.click("status-details");
            // A toast fading out (the tag dialog's, a moment ago) is half transparent: axe would measure its fade.
            phone.until("the toasts to go", d -> phone.all("toast").isEmpty() ? Boolean.TRUE : null);
            phone.find("health-component");
            check(phone, "settings with remote access, a pairing code and the box status open", problems);
            parent.screenshot("21-settings-" + lang);

            assertEquals(Map.of(), problems, lang + ": accessibility problems by screen");
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
        }
    }

    private static void check(Browser phone, String screen, Map<String, List<String>> problems) {
        List<String> found = new ArrayList<>(Axe.seriousViolations(phone));
        found.addAll(smallTargets(phone));
        if (!found.isEmpty()) {
            problems.put(screen, found);
        }
    }

    /** Every visible control smaller than 44x44 px, as "element: width x height". */
    @SuppressWarnings("unchecked")
    static List<String> smallTargets(Browser phone) {
        return (List<String>) phone.script("""
                const visible = (e) => {
                  const r = e.getBoundingClientRect();
                  const style = getComputedStyle(e);
                  return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && e.closest('[hidden], dialog:not([open])') === null;
                };
                return [...document.querySelectorAll(arguments[0])].filter(visible).map((e) => {
                  const r = e.getBoundingClientRect();
                  return { e, w: Math.round(r.width * 10) / 10, h: Math.round(r.height * 10) / 10 };
                }).filter((x) => x.w < 44 || x.h < 44)
                  .map((x) => (x.e.dataset.test || x.e.className || x.e.tagName) + ': ' + x.w + ' x ' + x.h);
                """, INTERACTIVE);
    }

    /** The name is cut when its box is narrower than its text, or it runs under the buttons. */
    @SuppressWarnings("unchecked")
    private static List<String> headerProblems(Browser phone) {
        return (List<String>) phone.script("""
                const name = document.querySelector('.brand-name');
                const tools = document.querySelector('.top-tools').getBoundingClientRect();
                const r = name.getBoundingClientRect();
                const out = [];
                if (name.scrollWidth > name.clientWidth + 0.5) out.push('name cut: ' + name.scrollWidth + ' > ' + name.clientWidth);
                if (tools.width > 0 && r.right > tools.left + 0.5) out.push('name under the buttons');
                if (document.documentElement.scrollWidth > window.innerWidth) out.push('header wider than the phone');
                return out;
                """);
    }
}
