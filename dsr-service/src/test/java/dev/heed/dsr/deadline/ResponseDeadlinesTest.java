package dev.heed.dsr.deadline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Deadlines from the shipped rule table, on a calendar with Easter 2026, Christmas 2026 and New Year 2027 off. */
class ResponseDeadlinesTest {

    private static final List<LocalDate> HOLIDAYS = List.of(LocalDate.parse("2026-04-03"),
            LocalDate.parse("2026-04-06"), LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-28"),
            LocalDate.parse("2027-01-01"));

    private final ResponseDeadlines deadlines = new ResponseDeadlines(DeadlineRules.load(), ZoneOffset.UTC, HOLIDAYS);

    @ParameterizedTest(name = "{0} {1} received {2} in {3}: due {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # One calendar month, to the same date or the month's last day; weekends and holidays move the last day.
            GDPR    | ACCESS          | 2025-01-31T10:00:00Z | UTC           | 2025-02-28T23:59:59.999999Z
            GDPR    | PORTABILITY     | 2028-01-31T10:00:00Z | UTC           | 2028-02-29T23:59:59.999999Z
            GDPR    | ERASURE         | 2026-01-31T10:00:00Z | UTC           | 2026-03-02T23:59:59.999999Z
            GDPR    | RECTIFICATION   | 2025-04-30T08:00:00Z | UTC           | 2025-05-30T23:59:59.999999Z
            GDPR    | RESTRICTION     | 2025-03-31T08:00:00Z | UTC           | 2025-04-30T23:59:59.999999Z
            GDPR    | OBJECTION       | 2026-03-03T08:00:00Z | UTC           | 2026-04-07T23:59:59.999999Z
            GDPR    | OPT_OUT_OF_SALE | 2025-03-31T08:00:00Z | UTC           | 2025-04-30T23:59:59.999999Z
            UK_GDPR | ACCESS          | 2028-01-31T10:00:00Z | UTC           | 2028-02-29T23:59:59.999999Z
            UK_GDPR | ERASURE         | 2025-01-15T23:30:00Z | UTC           | 2025-02-17T23:59:59.999999Z
            UK_GDPR | OPT_OUT_OF_SALE | 2025-04-30T08:00:00Z | UTC           | 2025-05-30T23:59:59.999999Z
            # 45 calendar days; a Sunday stays the last day.
            CCPA    | ACCESS          | 2026-01-01T12:00:00Z | UTC           | 2026-02-15T23:59:59.999999Z
            CCPA    | PORTABILITY     | 2026-01-01T12:00:00Z | UTC           | 2026-02-15T23:59:59.999999Z
            CCPA    | ERASURE         | 2028-01-31T12:00:00Z | UTC           | 2028-03-16T23:59:59.999999Z
            CCPA    | RECTIFICATION   | 2028-01-31T12:00:00Z | UTC           | 2028-03-16T23:59:59.999999Z
            # 15 business days: weekends and holidays (Easter, Christmas, New Year) do not count.
            CCPA    | OPT_OUT_OF_SALE | 2026-03-20T09:00:00Z | UTC           | 2026-04-14T23:59:59.999999Z
            CCPA    | OPT_OUT_OF_SALE | 2026-08-01T09:00:00Z | UTC           | 2026-08-21T23:59:59.999999Z
            CCPA    | OBJECTION       | 2026-12-16T09:00:00Z | UTC           | 2027-01-11T23:59:59.999999Z
            CCPA    | RESTRICTION     | 2025-06-02T09:00:00Z | UTC           | 2025-06-23T23:59:59.999999Z
            # 15 calendar days.
            LGPD    | ACCESS          | 2026-01-31T12:00:00Z | UTC           | 2026-02-15T23:59:59.999999Z
            LGPD    | ERASURE         | 2026-01-31T12:00:00Z | UTC           | 2026-02-15T23:59:59.999999Z
            LGPD    | OPT_OUT_OF_SALE | 2026-12-20T12:00:00Z | UTC           | 2027-01-04T23:59:59.999999Z
            # The controller's zone: received on 1 March in Berlin though 28 February in UTC, due at the end of a summer-time day.
            GDPR    | ACCESS          | 2026-02-28T23:30:00Z | Europe/Berlin | 2026-04-01T21:59:59.999999Z
            GDPR    | ACCESS          | 2026-02-28T23:30:00Z | UTC           | 2026-03-30T23:59:59.999999Z
            CCPA    | ACCESS          | 2026-03-14T23:30:00Z | Europe/Berlin | 2026-04-29T21:59:59.999999Z
            # Due on the 23-hour day clocks go forward, and on the 25-hour day they go back.
            CCPA    | ERASURE         | 2026-02-12T09:00:00Z | Europe/Berlin | 2026-03-29T21:59:59.999999Z
            LGPD    | ACCESS          | 2026-10-10T12:00:00Z | Europe/Berlin | 2026-10-25T22:59:59.999999Z
            """)
    void answersByTheLawsPeriod(Regulation regulation, RequestType type, Instant receivedAt, ZoneId zone,
            Instant expected) {
        assertThat(deadlines.dueAt(regulation, type, receivedAt, zone), is(expected));
    }

    @Test
    void countsInTheConfiguredZoneByDefault() {
        ResponseDeadlines berlin = new ResponseDeadlines(DeadlineRules.load(), ZoneId.of("Europe/Berlin"), HOLIDAYS);
        assertThat(berlin.dueAt(Regulation.GDPR, RequestType.ACCESS, Instant.parse("2026-02-28T23:30:00Z")),
                is(Instant.parse("2026-04-01T21:59:59.999999Z")));
    }

    @ParameterizedTest(name = "{0} {1} received {2}, extended by {4} {5}: due {7}")
    @CsvSource(delimiter = '|', textBlock = """
            # Months are added to the end of the original period, not to the day of receipt.
            GDPR    | ACCESS        | 2025-01-31T10:00:00Z | UTC | 2  | CALENDAR_MONTHS | 2025-02-20T10:00:00Z | 2025-04-28T23:59:59.999999Z
            GDPR    | ERASURE       | 2025-03-31T10:00:00Z | UTC | 1  | CALENDAR_MONTHS | 2025-04-01T10:00:00Z | 2025-05-30T23:59:59.999999Z
            # Due Monday 2 March (28 February was a Saturday): deciding on that Monday is still in time.
            GDPR    | ACCESS        | 2026-01-31T10:00:00Z | UTC | 2  | CALENDAR_MONTHS | 2026-03-02T12:00:00Z | 2026-04-28T23:59:59.999999Z
            UK_GDPR | PORTABILITY   | 2028-01-31T10:00:00Z | UTC | 2  | CALENDAR_MONTHS | 2028-02-01T10:00:00Z | 2028-05-01T23:59:59.999999Z
            CCPA    | ERASURE       | 2026-01-01T12:00:00Z | UTC | 45 | CALENDAR_DAYS   | 2026-02-15T23:00:00Z | 2026-04-01T23:59:59.999999Z
            CCPA    | ACCESS        | 2026-01-01T12:00:00Z | UTC | 20 | CALENDAR_DAYS   | 2026-01-20T12:00:00Z | 2026-03-07T23:59:59.999999Z
            """)
    void extendsWithinTheLawsMaximum(Regulation regulation, RequestType type, Instant receivedAt, ZoneId zone,
            int amount, PeriodUnit unit, Instant decidedAt, Instant expected) {
        DeadlineExtension extension = new DeadlineExtension(new ResponsePeriod(amount, unit),
                "Many systems hold the data", decidedAt);
        assertThat(deadlines.extendedDueAt(regulation, type, receivedAt, zone, extension, false), is(expected));
    }

    @ParameterizedTest(name = "{0} {1} extended by {2} {3}: refused on {6}")
    @CsvSource(delimiter = '|', textBlock = """
            CCPA    | OPT_OUT_OF_SALE | 15 | CALENDAR_DAYS   | Volume | false | extension
            CCPA    | RESTRICTION     | 15 | BUSINESS_DAYS   | Volume | false | extension
            LGPD    | ACCESS          | 15 | CALENDAR_DAYS   | Volume | false | extension
            GDPR    | ACCESS          | 3  | CALENDAR_MONTHS | Volume | false | extension.by.amount
            CCPA    | ACCESS          | 46 | CALENDAR_DAYS   | Volume | false | extension.by.amount
            GDPR    | ACCESS          | 60 | CALENDAR_DAYS   | Volume | false | extension.by
            GDPR    | ACCESS          | 1  | CALENDAR_MONTHS | Volume | true  | extension
            CCPA    | ERASURE         | 45 | CALENDAR_DAYS   | Volume | true  | extension
            GDPR    | ACCESS          | 1  | CALENDAR_MONTHS | '  '   | false | extension.reason
            """)
    void refusesExtensionsTheLawDoesNotAllow(Regulation regulation, RequestType type, int amount, PeriodUnit unit,
            String reason, boolean alreadyExtended, String field) {
        Instant receivedAt = Instant.parse("2026-01-05T10:00:00Z");
        DeadlineExtension extension = new DeadlineExtension(new ResponsePeriod(amount, unit), reason,
                receivedAt.plusSeconds(3600));
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> deadlines.extendedDueAt(
                regulation, type, receivedAt, ZoneOffset.UTC, extension, alreadyExtended));
        assertThat(refused.field(), is(field));
    }

    @Test
    void refusesAnExtensionDecidedAfterTheOriginalDeadline() {
        Instant receivedAt = Instant.parse("2025-01-31T10:00:00Z");
        DeadlineExtension late = new DeadlineExtension(new ResponsePeriod(2, PeriodUnit.CALENDAR_MONTHS),
                "Found more systems", Instant.parse("2025-03-01T00:00:00Z"));
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> deadlines.extendedDueAt(
                Regulation.GDPR, RequestType.ACCESS, receivedAt, late, false));
        assertThat(refused.field(), is("extension.decidedAt"));
        assertThat(refused.getMessage(), not(containsString("Found more systems")));
    }
}
