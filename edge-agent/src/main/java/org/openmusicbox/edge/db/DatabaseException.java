package org.openmusicbox.edge.db;

/** A failure of the SQLite database itself (I/O, corruption, a broken constraint, a failed migration). */
public class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseException(String message) {
        super(message);
    }
}
