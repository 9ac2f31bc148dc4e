package org.openmusicbox.edge.library;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Damages a closed library file the way a failing SD card does: a table's root page is overwritten
 * with bytes that are no b-tree page, so SQLite finds the file malformed when it reads that table.
 */
public final class LibraryDamage {

    private LibraryDamage() {}

    /** Overwrites the root page of {@code table} in the (closed) SQLite file {@code db}. */
    public static void rootPage(Path db, String table) throws IOException, SQLException {
        int pageSize;
        int rootPage;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            // Everything from the journal into the main file first, so that the damage is what SQLite reads.
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            try (ResultSet rs = s.executeQuery("PRAGMA page_size")) {
                rs.next();
                pageSize = rs.getInt(1);
            }
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("no table " + table + " in " + db);
                    }
                    rootPage = rs.getInt(1);
                }
            }
        }
        byte[] junk = new byte[pageSize];
        Arrays.fill(junk, (byte) 0x5A);
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            file.seek((long) (rootPage - 1) * pageSize);
            file.write(junk);
            file.getFD().sync();
        }
    }
}
