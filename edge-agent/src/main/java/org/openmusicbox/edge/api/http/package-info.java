/**
 * The HTTP endpoint: Spring WebFlux functional routes on Reactor Netty, the filters every request passes
 * (budget, the path's one spelling, origins), and each route's access check.
 */
package org.openmusicbox.edge.api.http;
