package dev.heed.dsr.deadline;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** Builds the one {@link ResponseDeadlines} at start, so a bad table, zone or holiday stops the service. */
@Dependent
public class DeadlineCalendar {

    @Produces
    @Startup
    @Singleton
    ResponseDeadlines responseDeadlines(DeadlineConfig config) {
        ZoneId zone;
        try {
            zone = ZoneId.of(config.zone().strip());
        } catch (DateTimeException e) {
            throw new IllegalStateException("heed.dsr.deadlines.zone is not a zone id (e.g. Europe/Berlin)", e);
        }
        List<LocalDate> holidays = config.holidays().orElse(List.of()).stream().map(DeadlineCalendar::date).toList();
        return new ResponseDeadlines(DeadlineRules.load(), zone, holidays);
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeException e) {
            throw new IllegalStateException("heed.dsr.deadlines.holidays must list ISO dates (2026-12-25)", e);
        }
    }
}
