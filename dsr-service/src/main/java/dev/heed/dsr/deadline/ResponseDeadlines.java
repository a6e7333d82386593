package dev.heed.dsr.deadline;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestType;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Set;

/**
 * When a data-subject request must be answered. Periods are counted on the controller's calendar
 * ({@link #zone()}): the day of receipt does not count, and a request is due until the end of its
 * last day there. Which period applies is data ({@link DeadlineRules}), not code.
 */
public final class ResponseDeadlines {

    static final int MAX_REASON = 1000;

    private final DeadlineRules rules;
    private final ZoneId zone;
    private final Set<LocalDate> holidays;

    /**
     * @param zone     the controller's zone, in which "one month" and "15 business days" are counted
     * @param holidays the controller's public holidays: not business days, and not a last day where
     *                 the law moves it to the next working day
     */
    public ResponseDeadlines(DeadlineRules rules, ZoneId zone, Collection<LocalDate> holidays) {
        this.rules = rules;
        this.zone = zone;
        this.holidays = Set.copyOf(holidays);
    }

    public ZoneId zone() {
        return zone;
    }

    public DeadlineRule rule(Regulation regulation, RequestType type) {
        return rules.rule(regulation, type);
    }

    /** The deadline of a request received at {@code receivedAt}, in the configured zone. */
    public Instant dueAt(Regulation regulation, RequestType type, Instant receivedAt) {
        return dueAt(regulation, type, receivedAt, zone);
    }

    /** The last instant of the day the request is due, counted in {@code zone}. */
    public Instant dueAt(Regulation regulation, RequestType type, Instant receivedAt, ZoneId zone) {
        DeadlineRule rule = rules.rule(regulation, type);
        return endOf(lastDay(rule, periodEnd(rule, receivedAt, zone)), zone);
    }

    /** The deadline once extended, in the configured zone; see {@link #extendedDueAt(Regulation, RequestType, Instant, ZoneId, DeadlineExtension, boolean)}. */
    public Instant extendedDueAt(Regulation regulation, RequestType type, Instant receivedAt,
            DeadlineExtension extension, boolean alreadyExtended) {
        return extendedDueAt(regulation, type, receivedAt, zone, extension, alreadyExtended);
    }

    /**
     * The deadline once extended. The extension runs from the end of the original period (not from
     * receipt), which at month ends is the earlier date: 31 January, due 28 February, extended by
     * two months is due 28 April.
     *
     * @param alreadyExtended whether the request's deadline was extended before: the law allows one extension
     * @throws InvalidInputException when the law allows no extension, or not this one
     */
    public Instant extendedDueAt(Regulation regulation, RequestType type, Instant receivedAt, ZoneId zone,
            DeadlineExtension extension, boolean alreadyExtended) {
        DeadlineRule rule = rules.rule(regulation, type);
        check(rule, extension, alreadyExtended);
        LocalDate originalEnd = periodEnd(rule, receivedAt, zone);
        if (extension.decidedAt().isAfter(endOf(lastDay(rule, originalEnd), zone))) {
            throw new InvalidInputException("extension.decidedAt",
                    "an extension must be decided, and the data subject told, before the original deadline");
        }
        return endOf(lastDay(rule, plus(originalEnd, extension.by())), zone);
    }

    private static void check(DeadlineRule rule, DeadlineExtension extension, boolean alreadyExtended) {
        if (!rule.extensionAllowed()) {
            throw new InvalidInputException("extension", "the law allows no extension for a "
                    + rule.type() + " request under " + rule.regulation());
        }
        if (alreadyExtended) {
            throw new InvalidInputException("extension", "the deadline was already extended; the law allows one extension");
        }
        if (extension == null) {
            throw new InvalidInputException("extension", "is required");
        }
        ResponsePeriod max = rule.extendableBy();
        if (extension.by() == null || extension.by().unit() != max.unit()) {
            throw new InvalidInputException("extension.by", "must be counted in " + max.unit());
        }
        if (extension.by().amount() > max.amount()) {
            throw new InvalidInputException("extension.by.amount", "must be at most " + max.amount()
                    + " under " + rule.regulation());
        }
        if (extension.reason() == null || extension.reason().isBlank()) {
            throw new InvalidInputException("extension.reason", "is required: the data subject must be told why");
        }
        if (extension.reason().strip().length() > MAX_REASON) {
            throw new InvalidInputException("extension.reason", "must be at most " + MAX_REASON + " characters");
        }
        if (extension.decidedAt() == null) {
            throw new InvalidInputException("extension.decidedAt", "is required");
        }
    }

    /** The day the period itself ends, before any move off a non-working day. */
    private LocalDate periodEnd(DeadlineRule rule, Instant receivedAt, ZoneId zone) {
        if (receivedAt == null || zone == null) {
            throw new IllegalArgumentException("the time of receipt and a zone are required");
        }
        return plus(receivedAt.atZone(zone).toLocalDate(), rule.respondWithin());
    }

    private LocalDate plus(LocalDate start, ResponsePeriod period) {
        return switch (period.unit()) {
            case CALENDAR_DAYS -> start.plusDays(period.amount());
            // plusMonths keeps the day, or takes the month's last day where that day does not exist.
            case CALENDAR_MONTHS -> start.plusMonths(period.amount());
            case BUSINESS_DAYS -> {
                LocalDate day = start;
                for (int counted = 0; counted < period.amount(); ) {
                    day = day.plusDays(1);
                    if (isWorkingDay(day)) {
                        counted++;
                    }
                }
                yield day;
            }
        };
    }

    private LocalDate lastDay(DeadlineRule rule, LocalDate periodEnd) {
        LocalDate day = periodEnd;
        while (rule.lastDayMovesToWorkingDay() && !isWorkingDay(day)) {
            day = day.plusDays(1);
        }
        return day;
    }

    private boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !holidays.contains(day);
    }

    /**
     * The last microsecond of the day: PostgreSQL keeps microseconds and would round a last
     * nanosecond up into the next day.
     */
    private static Instant endOf(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant().minus(1, ChronoUnit.MICROS);
    }
}
