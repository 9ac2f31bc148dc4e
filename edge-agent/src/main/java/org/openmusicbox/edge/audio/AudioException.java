package org.openmusicbox.edge.audio;

/** Audio that cannot be decoded or played, with a reason a parent can read in health or an error. */
public final class AudioException extends RuntimeException {

    public AudioException(String message) {
        super(message);
    }

    public AudioException(String message, Throwable cause) {
        super(message, cause);
    }
}
