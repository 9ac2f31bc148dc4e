package org.openmusicbox.edge.api.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalPathTest {

    @Test
    void plainPathsPass() {
        for (String path : List.of(
                "/",
                "/api/playlists",
                "/api/playlists/",
                "/js/main.js",
                "/api/playlists/nfc/04a22b1c/associate/p-1",
                "/api/playlists/caf%C3%A9",
                "/api/x%20y",
                "/api/100%25")) {
            assertNull(CanonicalPath.problem(path), path);
        }
    }

    @Test
    void everyOtherSpellingIsRefused() {
        for (String path : List.of(
                "",
                "api/playlists",
                "/api;x/playlists",
                "/api/playlists;x",
                "/api/playlists/;x",
                "//api/playlists",
                "/api//playlists",
                "/api/playlists//",
                "/api/./playlists",
                "/api/x/../playlists",
                "/api/playlists/.",
                "/api/playlists/..",
                "/%61pi/playlists",
                "/api/%70laylists",
                "/api/%2e/playlists",
                "/api/%2E%2E/x",
                "/api%2Fplaylists",
                "/api%2fplaylists",
                "/api%5Cplaylists",
                "/api\\playlists",
                "/api%3Bx/playlists",
                "/api/%7E",
                "/api/%00",
                "/api/%0a",
                "/api/%",
                "/api/%4",
                "/api/%zz",
                "/api/x y",
                "/api/\u0001")) {
            assertNotNull(CanonicalPath.problem(path), path);
        }
    }
}
