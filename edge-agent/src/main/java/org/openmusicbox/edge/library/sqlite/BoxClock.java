package org.openmusicbox.edge.library.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.db.DatabaseException;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Stamp;

/**
 * The box's stamps: its origin and its {@link Hlc}, whose last value is kept in {@code sync_state} by the same
 * transaction that uses the stamp. Read on the first write rather than at start, so a library that cannot be
 * read still starts (and health says why).
 */
final class BoxClock {

    private final LongSupplier wallClockMillis;
    private String origin;
    private Hlc hlc;

    BoxClock(LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
    }

    /** A stamp above every stamp this box has handed out, also before a restart; recorded in {@code c}. */
    Stamp next(Connection c) throws SQLException {
        if (hlc == null) {
            load(c);
        }
        long now = hlc.now();
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE sync_state SET hlc_last = MAX(hlc_last, ?) WHERE id = 1")) {
            ps.setLong(1, now);
            ps.executeUpdate();
        }
        return new Stamp(now, origin);
    }

    /**
     * Raises the saved stamp to {@code received}; the clock is read again from it on the next stamp, so a
     * transaction that rolls back takes the raise with it.
     */
    void receive(Connection c, long received) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE sync_state SET hlc_last = MAX(hlc_last, ?) WHERE id = 1")) {
            ps.setLong(1, received);
            ps.executeUpdate();
        }
        hlc = null;
    }

    private void load(Connection c) throws SQLException {
        long restored;
        try (PreparedStatement ps = c.prepareStatement("SELECT origin, hlc_last FROM sync_state WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new DatabaseException("sync_state has no row: the box has no origin to stamp with");
            }
            origin = new Stamp(0, rs.getString(1)).origin();
            restored = rs.getLong(2);
        }
        // Not Hlc.receive: that refuses a stamp far ahead of the wall clock, and a Pi without a clock battery
        // may boot in 1970. The box's own last stamp is never wrong, so the clock never reads below it.
        long floor = Hlc.physical(restored) + 1;
        hlc = new Hlc(() -> Math.max(wallClockMillis.getAsLong(), floor));
    }
}
