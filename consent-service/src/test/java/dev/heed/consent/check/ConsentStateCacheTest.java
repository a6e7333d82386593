package dev.heed.consent.check;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.heed.events.consent.Decision;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cache's own rules: bounded, never moves back to an older state, and a racing load loses to the feed. */
class ConsentStateCacheTest {

    private static final Instant AT = Instant.parse("2026-03-03T10:00:00Z");

    @Test
    void itHoldsNoMoreThanItsCapacityAndDropsTheLeastRecentlyUsed() {
        ConsentStateCache cache = new ConsentStateCache(6400);
        cache.load("hot", cache.stamp("hot"), state(Decision.GRANTED, 1));
        for (int i = 0; i < 10_000; i++) {
            String key = "k" + i;
            cache.load(key, cache.stamp(key), state(Decision.GRANTED, i + 1));
            cache.get("hot");
        }
        assertThat(cache.size(), lessThanOrEqualTo(6400));
        assertThat(cache.get("hot").isPresent(), is(true));
        assertThat(cache.get("k0").isPresent(), is(false));
    }

    @Test
    void theFeedUpdatesOnlyHeldKeysAndOnlyForward() {
        ConsentStateCache cache = new ConsentStateCache(64);
        cache.apply("unknown", state(Decision.GRANTED, 5));
        assertThat(cache.get("unknown"), is(Optional.empty()));

        cache.load("key", cache.stamp("key"), state(Decision.GRANTED, 5));
        cache.apply("key", state(Decision.WITHDRAWN, 4));
        assertThat(cache.get("key").orElseThrow().sequence(), is(5L));
        cache.apply("key", state(Decision.WITHDRAWN, 6));
        assertThat(cache.get("key").orElseThrow().decision(), is(Decision.WITHDRAWN));

        cache.invalidate("key");
        assertThat(cache.get("key"), is(Optional.empty()));
    }

    @Test
    void aLoadThatRacedWithTheFeedIsNotStored() {
        ConsentStateCache cache = new ConsentStateCache(64);
        // A check misses and reads the ledger (the grant, sequence 5) ...
        long stamp = cache.stamp("key");
        // ... while the feed applies the withdrawal that committed just after that read.
        cache.apply("key", state(Decision.WITHDRAWN, 6));
        cache.load("key", stamp, state(Decision.GRANTED, 5));
        // Storing the grant now would answer "allowed" until the next write: it is dropped instead.
        assertThat(cache.get("key"), is(Optional.empty()));

        cache.load("key", cache.stamp("key"), state(Decision.WITHDRAWN, 6));
        assertThat(cache.get("key").orElseThrow().sequence(), is(6L));
    }

    @Test
    void aNewerStateIsKeptOverAnOlderLoad() {
        ConsentStateCache cache = new ConsentStateCache(64);
        cache.load("key", cache.stamp("key"), state(Decision.WITHDRAWN, 9));
        cache.load("key", cache.stamp("key"), state(Decision.GRANTED, 3));
        assertThat(cache.get("key").orElseThrow().decision(), is(Decision.WITHDRAWN));
        assertThat(cache.get("key").orElseThrow().atLeast(9), is(true));
        assertThat(cache.get("key").orElseThrow().atLeast(10), is(false));
    }

    private static KnownState state(Decision decision, long sequence) {
        return new KnownState(decision, 1, null, AT, sequence, false);
    }
}
