/**
 * Cloud side of the Open Music Box: playlist store, upload processing, YouTube downloads and the
 * remote-control relay. The handlers are built by the cloud issue; this module is kept in the build
 * now so that the shared protocol is compiled against it from the start.
 */
package org.openmusicbox.cloud;
