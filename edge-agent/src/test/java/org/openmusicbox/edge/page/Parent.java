package org.openmusicbox.edge.page;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** What a parent does on the page, in the page's own words, so that each test reads as a story. */
final class Parent {

    private final Browser browser;
    private final String url;

    Parent(Browser browser, String url) {
        this.browser = browser;
        this.url = url;
    }

    Browser browser() {
        return browser;
    }

    /** Opens the page and waits until it is live (connected and holding the first snapshots). */
    Parent opens() {
        browser.go(url);
        connected();
        // Marks this page load: if it is still there later, the page caught up without a reload.
        browser.script("window.__ombLoad = 'first'");
        return this;
    }

    /**
     * Opens the page without waiting for its socket: away from home, through the relay, an unpaired phone gets
     * only the page and its "Pair this phone" button.
     */
    Parent loads() {
        browser.go(url);
        browser.find("login-open");
        return this;
    }

    void connected() {
        browser.until(
                "the page to be connected",
                d -> "connected".equals(browser.find("connection").getDomAttribute("data-state"))
                        ? Boolean.TRUE
                        : null);
    }

    Parent logsIn(String token) {
        browser.click("login-open");
        browser.find("login-token").sendKeys(token);
        browser.click("login-submit");
        browser.until(
                "the page to know the parent",
                d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-parent"))
                        ? Boolean.TRUE
                        : null);
        connected();
        return this;
    }

    /** Away from home (the page under a relay's prefix): pairs this phone with the code shown at home. */
    Parent pairs(String code, String phoneName) {
        browser.click("login-open");
        // The page keeps a name typed before a Cancel; this phone's name replaces it.
        browser.find("login-phone-name").clear();
        browser.find("login-phone-name").sendKeys(phoneName);
        browser.find("login-token").sendKeys(code);
        browser.click("login-submit");
        browser.until(
                "the page to know the paired phone",
                d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-parent"))
                        ? Boolean.TRUE
                        : null);
        connected();
        return this;
    }

    void goes(String view) {
        browser.click("nav-" + view);
    }

    /** Creates a playlist from the list and returns its id once its row is shown. */
    String creates(String title) {
        goes("playlists");
        WebElement input = browser.find("new-playlist-title");
        input.clear();
        input.sendKeys(title);
        browser.click("create-playlist");
        WebElement row = playlistRow(title);
        return row.getDomAttribute("data-id");
    }

    WebElement playlistRow(String title) {
        return browser.until(
                "playlist '" + title + "' in the list",
                d -> browser.all("playlist-item").stream()
                        .filter(WebElement::isDisplayed)
                        .filter(e -> e.findElement(Browser.test("playlist-title"))
                                .getText()
                                .equals(title))
                        .findFirst()
                        .orElse(null));
    }

    void opensPlaylist(String title) {
        goes("playlists");
        playlistRow(title).click();
        browser.until(
                "the playlist view of '" + title + "'",
                d -> browser.find("playlist-heading").getText().contains(title) ? Boolean.TRUE : null);
    }

    /** Picks files in the page's file input, as the file chooser would. */
    void uploads(List<Path> files) {
        WebElement input = browser.driver().findElement(Browser.test("upload-input"));
        input.sendKeys(files.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining("\n")));
    }

    WebElement uploadItem(String filename) {
        return browser.find(
                By.cssSelector("[data-test='upload-item'][data-filename='" + filename + "']"),
                "the upload of " + filename);
    }

    /** A finished upload leaves the list (its track is in the track list by then). */
    void waitsForUploadToLeave(String filename) {
        browser.until(
                filename + " to leave the upload list",
                d -> d.findElements(By.cssSelector("[data-test='upload-item'][data-filename='" + filename + "']"))
                                .isEmpty()
                        ? Boolean.TRUE
                        : null);
    }

    /** Chooses the page's language in Settings and comes back to where the parent was. */
    void speaks(String lang) {
        String hash = (String) browser.script("return location.hash");
        goes("settings");
        new org.openqa.selenium.support.ui.Select(browser.find("lang")).selectByValue(lang);
        browser.until(
                "the page to speak " + lang,
                d -> lang.equals(d.findElement(By.tagName("html")).getDomAttribute("lang")) ? Boolean.TRUE : null);
        browser.script("location.hash = arguments[0]", hash == null || hash.isEmpty() ? "#now" : hash);
    }

    /** Titles of the open playlist's tracks, in the order shown, read in one go while the list may be redrawn. */
    @SuppressWarnings("unchecked")
    List<String> trackTitles() {
        return (List<String>) browser.script("return [...document.querySelectorAll(\"[data-test='track-row']\")]"
                + ".map(row => row.querySelector(\"[data-test='track-title']\").textContent.trim())");
    }

    /**
     * Presses a button in the n-th track row (0-based), again if the list was redrawn under the finger. The track's
     * actions sit behind its "More" menu: the menu is opened first when the button is hidden in it.
     */
    void pressInTrack(int index, String button) {
        browser.until(button + " in track row " + index, d -> {
            WebElement row = browser.all("track-row").get(index);
            WebElement target = row.findElement(Browser.test(button));
            if (!target.isDisplayed()) {
                row.findElement(Browser.test("track-menu")).click();
            }
            target.click();
            return Boolean.TRUE;
        });
    }

    void waitsForTracks(List<String> titles) {
        browser.until("tracks " + titles + " in this order", d -> trackTitles().equals(titles) ? Boolean.TRUE : null);
    }

    /** Nothing on the page is wider than the phone's screen. */
    boolean fitsWidth() {
        Object fits = browser.script(
                "return document.documentElement.scrollWidth <= window.innerWidth"
                        + " && [...document.body.querySelectorAll('*')].every(e => e.getBoundingClientRect().right <= window.innerWidth + 0.5)");
        return Boolean.TRUE.equals(fits);
    }

    /** Saves a screenshot of what the parent sees, after checking it needs no sideways scrolling. */
    void screenshot(String name) {
        if (!fitsWidth()) {
            throw new AssertionError(name + ": the page is wider than the screen ("
                    + browser.script("return document.documentElement.scrollWidth") + " > " + width() + " px)");
        }
        browser.screenshot(name);
    }

    long width() {
        return ((Number) browser.script("return window.innerWidth")).longValue();
    }
}
