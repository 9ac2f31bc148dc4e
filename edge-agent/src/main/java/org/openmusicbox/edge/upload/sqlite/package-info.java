/**
 * Upload sessions kept in the library's SQLite file, so an upload resumes after a restart.
 */
package org.openmusicbox.edge.upload.sqlite;
