package org.openmusicbox.cloud.lambda.crac;

/** The runtime's entry points, as {@code org.crac.Core} calls them by reflection. */
public final class Core {

    private static final Context<Resource> GLOBAL = new Context<>();

    private Core() {}

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /** What the Lambda service does when it publishes a version: tell everyone, snapshot, restore, tell everyone. */
    public static void checkpointRestore() throws CheckpointException, RestoreException {
        GLOBAL.beforeCheckpoint(null);
        GLOBAL.afterRestore(null);
    }
}
