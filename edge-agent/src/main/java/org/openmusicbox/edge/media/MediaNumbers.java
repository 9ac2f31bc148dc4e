package org.openmusicbox.edge.media;

/**
 * The cache in numbers, for health: complete files and their bytes, the budget they must fit, and the
 * downloads running now.
 */
public record MediaNumbers(int files, long bytes, long budgetBytes, int downloadsInFlight) {}
