package dev.heed.client;

/** Where a client's announcement to dsr-service stands. */
public enum AnnouncementState {
    /** The client was not asked to announce itself ({@code announceTo} not set). */
    NOT_CONFIGURED,
    /** Not accepted yet: being sent, or waiting to be sent again after dsr-service was unreachable or failed. */
    PENDING,
    /** dsr-service accepted it. */
    ANNOUNCED,
    /** dsr-service refused it (4xx: a bad token, another system's id, a retired system, bad input); not sent again. */
    REFUSED
}
