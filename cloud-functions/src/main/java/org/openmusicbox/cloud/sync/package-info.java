/**
 * Two-way sync with the boxes (docs/sync.md, docs/mqtt.md): a box's {@code sync/changes} applied to its replica
 * and answered on {@code sync/acks}, its {@code sync/pull} answered with pages of its change log on
 * {@code sync/log}, edits made in the cloud, and the {@code sync_now} command that tells a connected box to pull
 * after the cloud logged a change it did not send.
 */
package org.openmusicbox.cloud.sync;
