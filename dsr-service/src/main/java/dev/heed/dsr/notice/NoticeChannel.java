package dev.heed.dsr.notice;

/** How a notice travels. */
public enum NoticeChannel {
    EMAIL,
    SMS
}
