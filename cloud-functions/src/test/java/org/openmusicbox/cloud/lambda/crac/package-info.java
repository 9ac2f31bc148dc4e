/**
 * A stand-in for the checkpoint/restore runtime AWS Lambda gives a SnapStart function. Lambda starts the JVM with
 * {@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}, so {@code org.crac.Core} registers every resource
 * (Spring's lifecycle hook among them) with that package's global context, and the runtime calls its
 * {@code beforeCheckpoint} before the snapshot and {@code afterRestore} after each restore. This module's tests run
 * with {@code -Dorg.crac.Core.Compat} naming this package (pom.xml), so a test can do what the runtime does.
 *
 * <p>The class names are the ones {@code org.crac} looks up by reflection: {@code Core}, {@code Context},
 * {@code Resource}, {@code CheckpointException}, {@code RestoreException}.
 */
package org.openmusicbox.cloud.lambda.crac;
