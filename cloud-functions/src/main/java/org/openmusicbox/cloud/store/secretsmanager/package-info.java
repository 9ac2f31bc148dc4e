/** The store's login from AWS Secrets Manager (AWS SDK v2), read once at start. */
package org.openmusicbox.cloud.store.secretsmanager;
