package org.openmusicbox.edge.setup;

/**
 * A claim the box's state does not allow: {@code already_claimed} or {@code setup_in_progress} (both 409);
 * {@code expiresAt} says when a waiting claim's window closes.
 */
public final class ClaimRefused extends RuntimeException {

    private final String errorType;
    private final Long expiresAt;

    ClaimRefused(String errorType, String message, Long expiresAt) {
        super(message);
        this.errorType = errorType;
        this.expiresAt = expiresAt;
    }

    public String errorType() {
        return errorType;
    }

    public Long expiresAt() {
        return expiresAt;
    }
}
