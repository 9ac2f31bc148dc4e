package org.openmusicbox.e2e.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a box keeps that its LAN API does not show: tombstones and stamps in {@code field_stamps} and its clock in
 * {@code sync_state}, read from its {@code library.db} with the {@code sqlite3} command, read-only, while it runs.
 */
public final class BoxStore {

    private final Path db;

    public BoxStore(Path dataDir) {
        this.db = dataDir.resolve("library.db");
    }

    /** One field's value as the box stored it beside its stamp (JSON text), or null when it has none. */
    public String field(String entity, String entityId, String field) {
        String out = query("SELECT value FROM field_stamps WHERE entity = '" + plain(entity) + "' AND entity_id = '"
                + plain(entityId) + "' AND field = '" + plain(field) + "'");
        return out.isEmpty() ? null : out;
    }

    /** The box's last HLC value, which every stamp it issues next exceeds. */
    public long clock() {
        return Long.parseLong(query("SELECT hlc_last FROM sync_state WHERE id = 1"));
    }

    /** The {@code seq} of the last entry of the cloud's log for this box that the box applied. */
    public long cloudCursor() {
        return Long.parseLong(query("SELECT cloud_cursor FROM sync_state WHERE id = 1"));
    }

    private String query(String sql) {
        try {
            Process p = new ProcessBuilder(List.of("sqlite3", "-readonly", db.toString(), sql))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(15, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("sqlite3 " + db + " failed on " + sql + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run sqlite3 on " + db, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ids in these tests are UUIDs and field names; anything else would need quoting this does not do. */
    private static String plain(String s) {
        if (!s.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("not a plain id: " + s);
        }
        return s;
    }
}
