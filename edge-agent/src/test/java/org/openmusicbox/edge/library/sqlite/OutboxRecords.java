package org.openmusicbox.edge.library.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Outbox;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Stamp;

/** What the tests read back from the sync tables. */
final class OutboxRecords {

    private OutboxRecords() {}

    /** {@code entity/id.field=json}, the form the tests compare. */
    static String line(Outbox.Entry e) {
        return SyncLog.name(e.entity()) + "/" + e.entityId() + "." + e.field() + "=" + e.valueJson();
    }

    static FieldChange change(Outbox.Entry e) {
        return new FieldChange(
                e.entity(),
                e.entityId(),
                e.field(),
                ChangeValues.decode(e.entity(), e.field(), e.valueJson()),
                new Stamp(e.hlc(), e.origin()),
                e.changeId());
    }

    /** Every row of the table, each as one string, in a stable order. */
    static List<String> rows(Database db, String table) {
        return db.read(c -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " ORDER BY 1, 2, 3");
                    ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(i > 1 ? "|" : "").append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        });
    }

    /** The library, the stamps, the outbox and the clock: what a failed write must leave as it was. */
    static List<List<String>> everything(Database db) {
        return List.of(
                rows(db, "playlists"),
                rows(db, "tracks"),
                rows(db, "field_stamps"),
                rows(db, "outbox"),
                rows(db, "sync_state"));
    }
}
