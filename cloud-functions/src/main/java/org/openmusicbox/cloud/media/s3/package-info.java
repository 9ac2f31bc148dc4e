/** {@link org.openmusicbox.cloud.media.MediaStore} on S3 (AWS SDK v2); path-style when an endpoint is set. */
package org.openmusicbox.cloud.media.s3;
