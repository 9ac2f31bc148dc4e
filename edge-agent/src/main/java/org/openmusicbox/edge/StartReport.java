package org.openmusicbox.edge;

import java.nio.file.Path;
import org.openmusicbox.edge.audio.AudioOutput;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.edge.nfc.TagReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The lines a started box writes for whoever reads its log: where its data is, where to reach it, what hardware it found. */
final class StartReport {

    // Under the agent's name, as before these lines moved here: whoever greps the journal for them still finds them.
    private static final Logger log = LoggerFactory.getLogger(EdgeAgent.class);

    private StartReport() {}

    static void log(
            EdgeConfig config,
            Path dataDir,
            SqliteLibrary library,
            int httpPort,
            int socketPort,
            TagReader reader,
            AudioOutput audio,
            Buttons buttons) {
        log.info(
                "Data directory: {} (library {}, {} playlists)",
                dataDir,
                dataDir.resolve("library.db"),
                playlistCount(library));
        log.info(
                "HTTP API on {}:{}, Socket.IO at /socket.io on that port and on {}:{}",
                config.bind(),
                httpPort,
                config.bind(),
                socketPort);
        log.info(
                "Parents' web page: http://{}:{}/",
                config.bind().equals("0.0.0.0") ? "localhost" : config.bind(),
                httpPort);
        log.info("NFC reader: {} ({})", reader.status().word(), reader.status().detail());
        log.info("Audio output: {} ({})", audio.status().word(), audio.status().detail());
        log.info("Buttons: {} ({})", buttons.status().word(), buttons.status().detail());
    }

    /** A damaged library is reported by health, not by a failed start. */
    private static String playlistCount(SqliteLibrary library) {
        try {
            return String.valueOf(library.count());
        } catch (RuntimeException e) {
            return "unreadable";
        }
    }
}
