package org.openmusicbox.cloud.store.postgres;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.R2dbcException;
import java.net.ConnectException;
import java.util.Optional;

/**
 * The store cannot be used at all: its database does not exist, its role cannot log in, or nothing answers. The
 * message is one line that says what to run, because this is what a fresh machine meets first and a page of
 * stack trace hides it ({@code config.StoreFailureReport} prints only this line).
 */
public final class StoreUnreachable extends RuntimeException {

    /** PostgreSQL's invalid_catalog_name: database "x" does not exist. */
    private static final String NO_DATABASE = "3D000";
    /** invalid_authorization_specification: the role does not exist, or pg_hba.conf has no line for it. */
    private static final String NO_ROLE = "28000";
    /** invalid_password. */
    private static final String WRONG_PASSWORD = "28P01";

    private StoreUnreachable(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * This error as a {@code StoreUnreachable} when it is one of the three cases, else the error itself.
     * {@code url} and {@code username} are the configured {@code spring.r2dbc.*}, named in the message.
     */
    public static Throwable explain(Throwable error, String url, String username) {
        return reason(error, url, username)
                .<Throwable>map(message -> new StoreUnreachable(message, error))
                .orElse(error);
    }

    private static Optional<String> reason(Throwable error, String url, String username) {
        Target target = Target.of(url);
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
                switch (r2dbc.getSqlState()) {
                    case NO_DATABASE -> {
                        return Optional.of("PostgreSQL at " + target.server() + " has no database \""
                                + target.database()
                                + "\": create it for role \"" + username + "\" with `sudo -u postgres createdb -O "
                                + username + " " + target.database() + "` (infra/cloud/stack.sh does this and the"
                                + " role), or point spring.r2dbc.url (SPRING_R2DBC_URL) at the right one");
                    }
                    case NO_ROLE, WRONG_PASSWORD -> {
                        return Optional.of("PostgreSQL at " + target.server() + " refused role \"" + username
                                + "\" (" + r2dbc.getMessage() + "): create it with `sudo -u postgres createuser"
                                + " --pwprompt " + username + "` (infra/cloud/stack.sh does), or set"
                                + " SPRING_R2DBC_USERNAME and SPRING_R2DBC_PASSWORD to a role that can log in");
                    }
                    default -> {
                        // another SQL error: not about reaching the store
                    }
                }
            }
            if (cause instanceof ConnectException) {
                return Optional.of("Nothing answers at " + target.server() + " (spring.r2dbc.url " + url
                        + "): start PostgreSQL (`systemctl start postgresql`) or set SPRING_R2DBC_URL");
            }
        }
        return Optional.empty();
    }

    /** Host, port and database of an R2DBC URL, or the URL itself where it cannot be read. */
    private record Target(String server, String database) {
        static Target of(String url) {
            try {
                ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url);
                Object port = options.getValue(ConnectionFactoryOptions.PORT);
                Object database = options.getValue(ConnectionFactoryOptions.DATABASE);
                return new Target(
                        options.getRequiredValue(ConnectionFactoryOptions.HOST) + ":" + (port == null ? 5432 : port),
                        database == null ? "?" : database.toString());
            } catch (RuntimeException e) {
                return new Target(url, "?");
            }
        }
    }
}
