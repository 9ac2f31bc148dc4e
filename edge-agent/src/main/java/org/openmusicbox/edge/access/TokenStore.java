package org.openmusicbox.edge.access;

import java.util.Optional;

/** Where the parent access token's hash is kept (never the token itself). */
public interface TokenStore {

    Optional<String> load();

    void save(String hash);
}
