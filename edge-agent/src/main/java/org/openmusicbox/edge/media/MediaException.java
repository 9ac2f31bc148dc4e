package org.openmusicbox.edge.media;

/** A download that did not give a complete, verified file; {@link #reason()} tells the caller what to do. */
public final class MediaException extends RuntimeException {

    /** Why; the caller acts on it (renew the URL, try again later, tell the parent there is no room). */
    public enum Reason {
        /** The server refused the URL (403): a presigned URL has expired; ask for a new one. */
        URL_EXPIRED,
        /** The file's sha256 is not the one asked for; the part was deleted. */
        WRONG_HASH,
        /** The server's file is not the size asked for; the part was deleted. */
        WRONG_SIZE,
        /** The budget cannot be met without evicting kept files; nothing was removed. */
        NO_ROOM,
        /** The server answered with another error status; the part is kept for a retry. */
        SERVER,
        /** The connection or the card failed mid-way; the part is kept and a retry resumes it. */
        INTERRUPTED
    }

    private final Reason reason;

    MediaException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    MediaException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
