/**
 * Uploads and media files: the {@link org.openmusicbox.cloud.media.MediaStore} port, the
 * {@link org.openmusicbox.cloud.media.AudioProbe}, and the handlers
 * {@link org.openmusicbox.cloud.media.ProcessUpload}, {@link org.openmusicbox.cloud.media.PresignUpload},
 * {@link org.openmusicbox.cloud.media.CompleteUpload} and {@link org.openmusicbox.cloud.media.PresignDownload}.
 */
package org.openmusicbox.cloud.media;
