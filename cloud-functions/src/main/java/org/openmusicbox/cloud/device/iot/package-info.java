/** The device link over AWS IoT Core's data plane (HTTPS, Signature Version 4), for functions on AWS Lambda. */
package org.openmusicbox.cloud.device.iot;
