package dev.heed.dsr.deadline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The rule table of {@code deadlines.json}: one rule for every regulation and request type. A
 * table with a gap, or a {@code sameAs} that leads nowhere, is refused when it is read, so the
 * service never starts with a request type it cannot time.
 */
public final class DeadlineRules {

    static final String RESOURCE = "/deadlines.json";

    private final Map<Regulation, Map<RequestType, DeadlineRule>> rules;

    private DeadlineRules(Map<Regulation, Map<RequestType, DeadlineRule>> rules) {
        this.rules = rules;
    }

    /** The table shipped with the service. */
    public static DeadlineRules load() {
        try (InputStream in = DeadlineRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return of(new ObjectMapper().readValue(in, Table.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static DeadlineRules of(Table table) {
        Map<Regulation, Map<RequestType, DeadlineRule>> rules = new EnumMap<>(Regulation.class);
        for (Regulation regulation : Regulation.values()) {
            RegulationRules entries = table.regulations().get(regulation);
            if (entries == null) {
                throw new IllegalStateException(RESOURCE + " has no rules for " + regulation);
            }
            Map<RequestType, DeadlineRule> byType = new EnumMap<>(RequestType.class);
            for (RequestType type : RequestType.values()) {
                byType.put(type, resolve(regulation, type, entries));
            }
            rules.put(regulation, byType);
        }
        return new DeadlineRules(rules);
    }

    public DeadlineRule rule(Regulation regulation, RequestType type) {
        if (regulation == null) {
            throw new IllegalArgumentException("regulation is required");
        }
        if (type == null) {
            throw new IllegalArgumentException("request type is required");
        }
        return rules.get(regulation).get(type);
    }

    /** Follows one {@code sameAs}; a chain of them would hide which law applies. */
    private static DeadlineRule resolve(Regulation regulation, RequestType type, RegulationRules entries) {
        Rule entry = entries.rules().get(type);
        if (entry == null) {
            throw new IllegalStateException(RESOURCE + " has no rule for " + regulation + " " + type);
        }
        Rule applied = entry;
        if (entry.sameAs() != null) {
            applied = entries.rules().get(entry.sameAs());
            if (applied == null || applied.sameAs() != null || entry.respondWithin() != null) {
                throw new IllegalStateException(RESOURCE + ": " + regulation + " " + type
                        + " must name, with sameAs only, a type that has rules of its own");
            }
        }
        if (applied.respondWithin() == null || entry.source() == null || entry.source().isBlank()) {
            throw new IllegalStateException(RESOURCE + ": " + regulation + " " + type + " needs a period and a source");
        }
        return new DeadlineRule(regulation, type, applied.respondWithin(), applied.extendableBy(),
                entries.lastDayMovesToWorkingDay(), entry.sameAs() == null ? type : entry.sameAs(), entry.source(),
                entry.note());
    }

    record Table(String about, Map<Regulation, RegulationRules> regulations) {
    }

    record RegulationRules(String counting, boolean lastDayMovesToWorkingDay, Map<RequestType, Rule> rules) {
    }

    record Rule(ResponsePeriod respondWithin, ResponsePeriod extendableBy, RequestType sameAs, String source,
            String note) {
    }
}
