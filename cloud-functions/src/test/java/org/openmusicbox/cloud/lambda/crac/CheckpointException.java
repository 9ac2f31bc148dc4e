package org.openmusicbox.cloud.lambda.crac;

/** A resource failed before the checkpoint; its failures are suppressed in it. */
public class CheckpointException extends Exception {
    private static final long serialVersionUID = 1L;
}
