package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openqa.selenium.WebElement;

/**
 * On the French page the box's refusals are French sentences chosen by their error_type, never the
 * box's English message: a name too long (validation_error on the title), a file that is not audio,
 * a file too big, and a full box.
 */
class FrenchRefusalsPageTest {

    @TempDir
    Path tmp;

    /**
     * Every error_type found in the box's sources, put through the page's own refusal words on the French
     * page: each gets a French sentence of its own, never the unknown-refusal fallback and never the English one.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyErrorTypeTheBoxSendsHasItsOwnFrenchSentenceOnTheFrenchPage() throws Exception {
        List<String> types = List.copyOf(RefusalWordsTest.errorTypes());
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens();
            parent.speaks("fr");
            Map<String, Object> words = (Map<String, Object>) phone.asyncScript("""
                    const done = arguments[arguments.length - 1];
                    Promise.all([import('./js/api.js'), import('./js/lang-en.js'), import('./js/i18n.js')])
                      .then(([api, en, i18n]) => {
                        const out = { lang: i18n.language(), unknown: i18n.t('refusal.unknown'), types: {} };
                        for (const type of arguments[0]) {
                          out.types[type] = { fr: api.refusalText(type), en: en.default['refusal.' + type] };
                        }
                        done(out);
                      })
                      .catch((e) => done({ error: String(e) }));
                    """, types);
            assertEquals("fr", words.get("lang"), "the page speaks French: " + words);
            Map<String, Map<String, String>> byType = (Map<String, Map<String, String>>) words.get("types");
            assertEquals(new java.util.TreeSet<>(types), new java.util.TreeSet<>(byType.keySet()));
            for (String type : types) {
                String fr = byType.get(type).get("fr");
                org.junit.jupiter.api.Assertions.assertNotEquals(words.get("unknown"), fr, type + " has its own words");
                org.junit.jupiter.api.Assertions.assertNotEquals(
                        byType.get(type).get("en"), fr, type + " is French");
                org.junit.jupiter.api.Assertions.assertFalse(fr == null || fr.isBlank(), type);
            }
        }
    }

    @Test
    void aNameTooLongAndAFileThatIsNotAudioAreRefusedInFrench() throws Exception {
        Path text = ToneFiles.text(tmp, "courses.mp3");
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            box.api("POST", "/api/playlists", "{\"title\":\"Chansons\"}");
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.speaks("fr");
            parent.goes("playlists");
            // The input stops typing at 200 characters; a pasted or scripted value is not stopped.
            phone.script("document.querySelector(\"[data-test='new-playlist-title']\").value = 'a'.repeat(300)");
            phone.click("create-playlist");
            toastSays(phone, "Le nom doit faire de 1 à 255 caractères, sans caractères spéciaux.");

            parent.opensPlaylist("Chansons");
            parent.uploads(List.of(text));
            assertEquals(
                    "Ce n’est pas un fichier audio que la boîte sait lire.", refusal(phone, parent, "courses.mp3"));
            parent.screenshot("22-refusals-fr");
            assertEquals(
                    1, box.api("GET", "/api/playlists", null).path("playlists").size(), "nothing was created");
        }
    }

    @Test
    void aFileTooBigAndAFullBoxAreRefusedInFrench() throws Exception {
        Path small = ToneFiles.wav(tmp, "Petit.wav", 440, 500, 8_000, 1); // about 8 KB
        Path big = ToneFiles.wav(tmp, "Grand.wav", 440, 4_000, 8_000, 1); // about 64 KB
        Map<String, String> tight = Map.of(
                "omb.uploads.max-file-bytes",
                "20000",
                // No card has a petabyte to spare: every upload that passes the size limit finds the box full.
                "omb.uploads.space-margin-bytes",
                Long.toString(1L << 50));
        try (PageBox box = new PageBox(tmp.resolve("data"), tight);
                Browser phone = Browser.open(375, 812)) {
            box.api("POST", "/api/playlists", "{\"title\":\"Chansons\"}");
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.speaks("fr");
            parent.opensPlaylist("Chansons");
            parent.uploads(List.of(big));
            assertEquals("Ce fichier est vide ou trop gros pour la boîte.", refusal(phone, parent, "Grand.wav"));
            parent.uploads(List.of(small));
            assertEquals("La boîte est pleine. Supprimez d’abord de la musique.", refusal(phone, parent, "Petit.wav"));
        }
    }

    /** Waits for a toast with exactly these words (others, e.g. the login's, may be shown too). */
    private static void toastSays(Browser phone, String words) {
        phone.until(
                "a toast saying: " + words,
                d -> phone.all("toast").stream().map(WebElement::getText).anyMatch(words::equals)
                        ? Boolean.TRUE
                        : null);
    }

    private static String refusal(Browser phone, Parent parent, String file) {
        WebElement state = parent.uploadItem(file).findElement(Browser.test("upload-state"));
        phone.until(
                file + " to be refused",
                d -> "error".equals(state.getDomAttribute("data-state")) ? Boolean.TRUE : null);
        return state.getText();
    }
}
