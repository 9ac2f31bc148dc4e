package org.openmusicbox.cloud.config;

import org.openmusicbox.cloud.store.postgres.StoreUnreachable;
import org.openmusicbox.cloud.store.secretsmanager.SecretUnreadable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * A start that failed because the store cannot be reached, or its login not read from its secret, ends with the one
 * line of {@link StoreUnreachable} or {@link SecretUnreadable} and no stack trace: Spring Boot asks its reporters
 * (META-INF/spring.factories) before it prints one, and the first that answers true has reported the failure. Any other failure goes on to Spring Boot's own reporting.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class StoreFailureReport implements SpringBootExceptionReporter {

    private static final Logger log = LoggerFactory.getLogger(StoreFailureReport.class);

    @Override
    public boolean reportException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreUnreachable || cause instanceof SecretUnreadable) {
                log.error("Cannot start: {}", cause.getMessage());
                return true;
            }
        }
        return false;
    }
}
