package dev.heed.dsr.deadline;

/** How a legal period is counted. */
public enum PeriodUnit {
    CALENDAR_DAYS,
    /** A date missing from the last month (31 January + 1 month) means that month's last day. */
    CALENDAR_MONTHS,
    /** Monday to Friday, minus the configured holidays. */
    BUSINESS_DAYS
}
