package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two parents on two pages see each other's changes at once, and a page that lost its network catches up. */
class LivePageTest {

    @TempDir
    Path tmp;

    @Test
    void whatOnePageChangesTheOtherShowsAtOnce() {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser first = Browser.open(375, 812);
                Browser second = Browser.open(375, 812)) {
            Parent mum = new Parent(first, box.url()).opens().logsIn(PageBox.TOKEN);
            Parent dad = new Parent(second, box.url()).opens().logsIn(PageBox.TOKEN);
            dad.goes("playlists");

            mum.creates("Car songs");
            dad.playlistRow("Car songs");

            dad.opensPlaylist("Car songs");
            second.click("rename-playlist");
            var input = second.find("rename-input");
            input.clear();
            input.sendKeys("Long car songs");
            second.click("rename-save");
            mum.playlistRow("Long car songs");

            for (Parent someone : List.of(mum, dad)) {
                assertEquals(List.of(), someone.browser().consoleProblems(), "no console errors or warnings");
            }
        }
    }

    @Test
    void aPageThatLostItsNetworkCatchesUpWithoutAReload() {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            String id = parent.creates("Morning");
            parent.playlistRow("Morning");

            phone.network(false);
            phone.until(
                    "the page to notice it is offline",
                    d -> !"connected".equals(phone.find("connection").getDomAttribute("data-state"))
                            ? Boolean.TRUE
                            : null);
            // Another parent changes things while this phone is away.
            box.api("PUT", "/api/playlists/" + id, "{\"title\":\"Sunny morning\"}");
            box.api("POST", "/api/playlists", "{\"title\":\"Afternoon nap\"}");
            phone.network(true);

            parent.connected();
            parent.playlistRow("Sunny morning");
            parent.playlistRow("Afternoon nap");
            assertEquals("first", phone.script("return window.__ombLoad"), "caught up without a reload");
            assertEquals(2, phone.all("playlist-item").size(), "the old title is gone, nothing twice");
        }
    }
}
