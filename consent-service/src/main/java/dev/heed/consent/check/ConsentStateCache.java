package dev.heed.consent.check;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded cache of {@link KnownState} per consent-state key ({@code <subject key>/<purpose id>}),
 * least recently used out first. Two writers fill it: the state feed (every replica reads the
 * whole compacted state topic) updates the keys it holds, and a check that missed loads a key
 * from the ledger. Segments keep the lock short and count the feed's changes, so a load that
 * raced with a newer record from the feed is not stored over it: the loader takes the segment's
 * {@linkplain #stamp(String) stamp} before it reads the ledger and stores only if no change came
 * in between. A state only ever moves to a higher sequence.
 */
final class ConsentStateCache {

    private static final int SEGMENTS = 64;

    private final Segment[] segments = new Segment[SEGMENTS];

    ConsentStateCache(int capacity) {
        if (capacity < SEGMENTS) {
            throw new IllegalArgumentException("the consent cache needs a capacity of at least " + SEGMENTS);
        }
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment(capacity / SEGMENTS);
        }
    }

    Optional<KnownState> get(String key) {
        Segment segment = segmentOf(key);
        synchronized (segment) {
            return Optional.ofNullable(segment.entries.get(key));
        }
    }

    /** Taken before reading the ledger; {@link #load} stores only while it is unchanged. */
    long stamp(String key) {
        Segment segment = segmentOf(key);
        synchronized (segment) {
            return segment.changes;
        }
    }

    /** Stores what a check read from the ledger, unless the feed changed the segment since {@code stamp}. */
    void load(String key, long stamp, KnownState state) {
        Segment segment = segmentOf(key);
        synchronized (segment) {
            if (segment.changes == stamp) {
                segment.entries.merge(key, state, ConsentStateCache::newer);
            }
        }
    }

    /** A record from the feed: applied to a key the cache holds, remembered as a change either way. */
    void apply(String key, KnownState state) {
        Segment segment = segmentOf(key);
        synchronized (segment) {
            segment.changes++;
            segment.entries.computeIfPresent(key, (k, held) -> newer(held, state));
        }
    }

    /** A tombstone from the feed (an erased subject): the next check reads the ledger. */
    void invalidate(String key) {
        Segment segment = segmentOf(key);
        synchronized (segment) {
            segment.changes++;
            segment.entries.remove(key);
        }
    }

    void clear() {
        for (Segment segment : segments) {
            synchronized (segment) {
                segment.changes++;
                segment.entries.clear();
            }
        }
    }

    int size() {
        int size = 0;
        for (Segment segment : segments) {
            synchronized (segment) {
                size += segment.entries.size();
            }
        }
        return size;
    }

    private static KnownState newer(KnownState held, KnownState offered) {
        return offered.sequence() > held.sequence() ? offered : held;
    }

    private Segment segmentOf(String key) {
        return segments[Math.floorMod(key.hashCode(), SEGMENTS)];
    }

    private static final class Segment {

        final Map<String, KnownState> entries;
        long changes;

        Segment(int capacity) {
            this.entries = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, KnownState> eldest) {
                    return size() > capacity;
                }
            };
        }
    }
}
