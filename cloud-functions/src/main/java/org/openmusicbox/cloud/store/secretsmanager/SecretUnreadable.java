package org.openmusicbox.cloud.store.secretsmanager;

/**
 * The database login could not be read from its secret. The message is one line that says which secret, what went
 * wrong and what to check; {@code config.StoreFailureReport} prints only this line when it stops the start.
 */
public final class SecretUnreadable extends RuntimeException {

    SecretUnreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
