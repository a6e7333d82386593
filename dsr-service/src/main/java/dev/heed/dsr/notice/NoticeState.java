package dev.heed.dsr.notice;

/**
 * Where a notice is. At most one delivery per notice: a row is claimed ({@link #SENDING}, committed)
 * before the message goes out, and only a send that failed for sure returns it to {@link #QUEUED}.
 */
public enum NoticeState {
    /** Waiting for its next attempt. */
    QUEUED,
    /** Claimed by the delivery job; the message is being handed to the server. */
    SENDING,
    /** Handed to the mail server or SMS webhook; its content is deleted. */
    SENT,
    /** Every attempt failed; an operator may queue it again. */
    FAILED,
    /**
     * The job stopped (a crash, a restart) between claiming and recording the outcome: the
     * message may or may not have gone out. Not re-sent on its own, so nobody gets it twice; an
     * operator decides.
     */
    UNCERTAIN,
    /** Its code or link expired before it could be sent; its content is deleted. */
    EXPIRED
}
