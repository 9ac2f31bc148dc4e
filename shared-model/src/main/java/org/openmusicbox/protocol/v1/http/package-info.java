/**
 * The JSON envelopes of the HTTP API: every success body is an {@link org.openmusicbox.protocol.v1.http.ApiSuccess}
 * and every error body an {@link org.openmusicbox.protocol.v1.http.ApiError}, so the frontend can handle all
 * responses the same way. Unlike the Socket.IO envelope, their {@code timestamp} is epoch seconds, because
 * that is what the existing frontend and contract expect.
 */
package org.openmusicbox.protocol.v1.http;
