/**
 * The numbered SQL steps a store applies to bring its schema up to date: the box's SQLite library and the
 * cloud's PostgreSQL store both list them in {@code db/migration/index.txt}, number them 1..n and record a
 * checksum of each applied step, so the listing, the numbering rule and the checksum are written once, here.
 *
 * <p>It lives in the protocol module because that is the one module both the box and the cloud depend on, and
 * it depends on nothing but the JDK and Jackson. This package uses the JDK alone and knows no protocol class;
 * how a step is run (JDBC or R2DBC, one script or split statements) stays with each store.
 */
package org.openmusicbox.schema;
