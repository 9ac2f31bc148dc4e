package org.openmusicbox.edge.access;

import java.util.Optional;

/**
 * Where the claim is kept: the parent code's slow hash, the box's name and the parents' sessions (only
 * the SHA-256 of each session credential, never the credential).
 */
public interface ClaimStore {

    Optional<String> code();

    Optional<String> boxName();

    /** Keeps the code's hash and the box's name together. */
    void claim(String codeHash, String boxName);

    /** A forgotten code: the code's hash, an older install's token hash and every session go; the name stays. */
    void forgetCode();

    void addSession(String digest, long createdAt);

    /** Every session's digest, read once at start: checking a credential then reads no file. */
    java.util.Set<String> sessions();

    void removeSession(String digest);
}
