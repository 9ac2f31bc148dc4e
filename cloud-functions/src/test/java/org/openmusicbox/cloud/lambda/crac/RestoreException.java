package org.openmusicbox.cloud.lambda.crac;

/** A resource failed after the restore; its failures are suppressed in it. */
public class RestoreException extends Exception {
    private static final long serialVersionUID = 1L;
}
