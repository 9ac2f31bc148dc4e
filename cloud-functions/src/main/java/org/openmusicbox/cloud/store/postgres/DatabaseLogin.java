package org.openmusicbox.cloud.store.postgres;

/** The role the store logs in as and its password (empty for none: trust or peer authentication). */
public record DatabaseLogin(String username, String password) {

    public DatabaseLogin {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("the database login has no user name");
        }
        password = password == null ? "" : password;
    }

    /** Never the password, so a login can be logged. */
    @Override
    public String toString() {
        return "DatabaseLogin[username=" + username + ", password=" + (password.isEmpty() ? "none" : "(hidden)") + "]";
    }
}
