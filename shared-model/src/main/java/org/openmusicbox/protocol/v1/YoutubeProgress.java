package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code youtube:progress}; {@code estimated_time_remaining} is in milliseconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record YoutubeProgress(
        String taskId, String status, Double progressPercent, String currentStep, Long estimatedTimeRemaining) {}
