package org.openmusicbox.cloud.lambda.crac;

/** Something told of a checkpoint and a restore. */
public interface Resource {

    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
