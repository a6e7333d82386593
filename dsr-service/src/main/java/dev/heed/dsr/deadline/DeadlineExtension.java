package dev.heed.dsr.deadline;

import java.time.Instant;

/**
 * A controller's decision to take longer to answer, which the law requires to be justified and
 * told to the data subject before the original deadline.
 *
 * @param by        how much longer, in the unit of the rule's extension
 * @param reason    why (complexity, number of requests); recorded with the request
 * @param decidedAt when it was decided: no later than the original deadline
 */
public record DeadlineExtension(ResponsePeriod by, String reason, Instant decidedAt) {
}
