package org.openmusicbox.edge.db;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of work on the database's one connection, run by {@link Database#read} or {@link Database#inTransaction}. */
@FunctionalInterface
public interface SqlWork<T> {

    T run(Connection connection) throws SQLException;
}
