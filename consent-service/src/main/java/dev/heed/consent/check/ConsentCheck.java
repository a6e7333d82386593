package dev.heed.consent.check;

import dev.heed.consent.purpose.PurposeCatalogue;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.purpose.Purpose;
import dev.heed.events.subject.SubjectKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The consent check, the hot path other systems call before every use of data. A subject this
 * replica holds in its {@link ConsentStateCache} costs no database round trip; a miss, or a
 * cached state older than the version token the caller presents, reads the ledger, in one query
 * for a whole batch.
 */
@ApplicationScoped
public class ConsentCheck {

    private final ConsentStateCache cache;
    private final PublishedPurposes purposes;
    private final PurposeCatalogue catalogue;
    private final SubjectKeys subjectKeys;
    private final LatestStateRepository ledger;
    private final Clock clock;
    private final Counter fromCache;
    private final Counter fromLedger;

    ConsentCheck(ConsentStateFeed feed, PublishedPurposes purposes, PurposeCatalogue catalogue,
            SubjectKeys subjectKeys, LatestStateRepository ledger, Clock clock, MeterRegistry registry) {
        this.cache = feed.cache();
        this.purposes = purposes;
        this.catalogue = catalogue;
        this.subjectKeys = subjectKeys;
        this.ledger = ledger;
        this.clock = clock;
        this.fromCache = checks(registry, CheckResult.Source.CACHE);
        this.fromLedger = checks(registry, CheckResult.Source.LEDGER);
    }

    /**
     * Answers every query, in order.
     *
     * @param version a version token from a write, or {@code null}: with it, no answer comes from
     *     a cached state older than that write
     * @throws UnknownPurposeException (as the Uni's failure) naming the first query whose purpose
     *     is not in the catalogue
     */
    public Uni<List<CheckResult>> check(List<CheckQuery> queries, Long version) {
        return purposesOf(queries).chain(known -> {
            Instant now = clock.instant();
            int size = queries.size();
            String[] keys = new String[size];
            String[] stateKeys = new String[size];
            KnownState[] states = new KnownState[size];
            List<Integer> misses = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                keys[i] = subjectKeys.keyOf(queries.get(i).customerId());
                stateKeys[i] = ConsentState.keyOf(keys[i], queries.get(i).purposeId());
                Optional<KnownState> cached = cache.get(stateKeys[i]);
                if (cached.isPresent() && (version == null || cached.get().atLeast(version))) {
                    states[i] = cached.get();
                } else {
                    misses.add(i);
                }
            }
            fromCache.increment(size - misses.size());
            if (misses.isEmpty()) {
                return Uni.createFrom().item(answers(queries, keys, states, known, now, Set.of()));
            }
            fromLedger.increment(misses.size());
            return load(queries, keys, stateKeys, misses).map(loaded -> {
                for (int j = 0; j < misses.size(); j++) {
                    states[misses.get(j)] = loaded.get(j);
                }
                return answers(queries, keys, states, known, now, Set.copyOf(misses));
            });
        });
    }

    private List<CheckResult> answers(List<CheckQuery> queries, String[] keys, KnownState[] states,
            Map<String, Purpose> known, Instant now, Set<Integer> fromDatabase) {
        List<CheckResult> results = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            Purpose purpose = known.get(queries.get(i).purposeId());
            KnownState state = states[i];
            ConsentVerdict verdict = ConsentVerdict.of(state, purpose, now);
            results.add(new CheckResult(keys[i], purpose.id(), verdict.allowed(), verdict.status(),
                    purpose.legalBasis(), state.decision() == null ? null : state.purposeVersion(), purpose.version(),
                    state.decidedAt(), state.expiresAt(), state.erased() ? 0 : state.sequence(), now,
                    fromDatabase.contains(i) ? CheckResult.Source.LEDGER : CheckResult.Source.CACHE));
        }
        return results;
    }

    /** The ledger's answer for the missed queries, stored in the cache unless the feed changed it meanwhile. */
    private Uni<List<KnownState>> load(List<CheckQuery> queries, String[] keys, String[] stateKeys,
            List<Integer> misses) {
        String[] subjects = new String[misses.size()];
        String[] purposeIds = new String[misses.size()];
        long[] stamps = new long[misses.size()];
        for (int j = 0; j < misses.size(); j++) {
            int i = misses.get(j);
            subjects[j] = keys[i];
            purposeIds[j] = queries.get(i).purposeId();
            stamps[j] = cache.stamp(stateKeys[i]);
        }
        return ledger.latest(subjects, purposeIds).map(loaded -> {
            for (int j = 0; j < loaded.size(); j++) {
                cache.load(stateKeys[misses.get(j)], stamps[j], loaded.get(j));
            }
            return loaded;
        });
    }

    /**
     * The latest version of each named purpose: from this replica's catalogue view, or from the
     * database for a purpose published a moment ago that the view has not read yet.
     */
    private Uni<Map<String, Purpose>> purposesOf(List<CheckQuery> queries) {
        Map<String, Purpose> known = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (CheckQuery query : queries) {
            purposes.latest(query.purposeId()).ifPresentOrElse(p -> known.put(p.id(), p),
                    () -> missing.add(query.purposeId()));
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(known);
        }
        Uni<Void> lookups = Uni.createFrom().voidItem();
        for (String purposeId : missing) {
            lookups = lookups.chain(() -> catalogue.findPublished(purposeId).invoke(p -> {
                if (p != null) {
                    known.put(p.id(), p);
                }
            })).replaceWithVoid();
        }
        return lookups.map(ignored -> {
            for (int i = 0; i < queries.size(); i++) {
                if (!known.containsKey(queries.get(i).purposeId())) {
                    throw new UnknownPurposeException(i);
                }
            }
            return known;
        });
    }

    private static Counter checks(MeterRegistry registry, CheckResult.Source source) {
        return Counter.builder("heed.consent.checks")
                .description("Consent checks answered, by where the state came from")
                .tag("answered_from", source.name().toLowerCase())
                .register(registry);
    }
}
