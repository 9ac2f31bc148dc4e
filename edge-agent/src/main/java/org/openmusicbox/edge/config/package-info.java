/**
 * Every setting of the agent as one typed record tree, with its defaults, read from YAML, the
 * environment and system properties.
 */
package org.openmusicbox.edge.config;
