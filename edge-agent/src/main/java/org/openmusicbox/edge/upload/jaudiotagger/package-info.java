/**
 * Reading a song's title, artist and length with jaudiotagger.
 */
package org.openmusicbox.edge.upload.jaudiotagger;
