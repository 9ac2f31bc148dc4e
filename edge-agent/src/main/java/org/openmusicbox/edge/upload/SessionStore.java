package org.openmusicbox.edge.upload;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.openmusicbox.protocol.v1.Track;

/** Where upload sessions are kept, so that an upload survives a restart of the agent. */
public interface SessionStore {

    void create(UploadSession session);

    Optional<UploadSession> find(String id);

    /** Writes the session's received chunks, status, error and times. */
    void save(UploadSession session);

    /** Newest first; {@code status} null for all. */
    List<UploadSession> list(UploadSession.Status status, int limit);

    /** Sessions still taking chunks (pending or uploading). */
    List<UploadSession> open();

    /** Sessions last changed before {@code cutoff}. */
    List<UploadSession> changedBefore(Instant cutoff);

    boolean delete(String id);

    /**
     * Adds the track with {@code addTrack} and marks the session complete with its id, in one
     * transaction: either both happen or neither, so a second finalize finds the track.
     */
    Track complete(String sessionId, Instant now, Supplier<Track> addTrack);
}
