package org.openmusicbox.edge.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.library.LibraryDamage;

class ExploreDamageTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"playlists", "tracks", "upload_sessions"})
    void explore(String table) throws Exception {
        Path data = tmp.resolve("data");
        ParentLibrary lib = ParentLibrary.create(data);
        LibraryDamage.rootPage(lib.libraryFile(), table);
        EdgeAgent agent;
        try {
            agent = EdgeAgent.start(ConfigLoader.load(null, Map.of(), Map.of("omb.auth.mode", "off",
                "omb.data-dir", data.toString(), "omb.bind", "127.0.0.1", "omb.http.port", "0",
                "omb.socketio.port", "0", "omb.audio.output", "silent")));
        } catch (RuntimeException e) {
            System.out.println("EXPLORE " + table + " start failed: " + e);
            return;
        }
        try {
            HttpClient http = HttpClient.newHttpClient();
            Thread.sleep(1500);
            for (String[] r : new String[][]{{"GET", "/api/health"}, {"GET", "/api/playlists"}, {"POST", "/api/playlists"}}) {
                var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + r[1]));
                b = r[0].equals("POST") ? b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}")) : b.GET();
                HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                System.out.println("EXPLORE " + table + " " + r[0] + " " + r[1] + " -> " + res.statusCode() + " " + res.body());
            }
        } finally {
            agent.close();
        }
    }
}
