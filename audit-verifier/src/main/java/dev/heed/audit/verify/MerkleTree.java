package dev.heed.audit.verify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * RFC 6962 section 2.1 (MTH, PATH, PROOF) computed over perfect subtrees. Every range the
 * algorithms meet is aligned, so it splits into at most one perfect subtree per level. Callers that
 * read subtrees from a database ask first what a computation needs ({@code *Needs}), fetch those in
 * one query, then compute.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    /** A leaf range [start, end) of the tree. */
    record Range(long start, long end) {
        long size() {
            return end - start;
        }
    }

    /** Subtrees of level 1 and up that become complete when leaf {@code leafIndex} is appended, lowest first. */
    public static List<Subtree> completedBy(long leafIndex) {
        requireNonNegative(leafIndex, "leafIndex");
        List<Subtree> completed = new ArrayList<>();
        long size = leafIndex + 1;
        for (int level = 1; level < 63 && size % (1L << level) == 0; level++) {
            completed.add(new Subtree(level, (size >> level) - 1));
        }
        return completed;
    }

    public static Set<Subtree> rootNeeds(long size) {
        requireNonNegative(size, "size");
        return size == 0 ? Set.of() : needs(List.of(new Range(0, size)));
    }

    public static Set<Subtree> inclusionNeeds(long index, long size) {
        return needs(inclusionRanges(index, size));
    }

    public static Set<Subtree> consistencyNeeds(long first, long second) {
        return needs(consistencyRanges(first, second));
    }

    /** MTH(D[0:size]). */
    public static byte[] root(long size, SubtreeSource source) {
        requireNonNegative(size, "size");
        return size == 0 ? TreeHash.empty() : hash(new Range(0, size), source);
    }

    /** PATH(index, D[0:size]): the audit path of one leaf, leaf side first. */
    public static List<byte[]> inclusionProof(long index, long size, SubtreeSource source) {
        return hashes(inclusionRanges(index, size), source);
    }

    /** PROOF(first, D[0:second]). */
    public static List<byte[]> consistencyProof(long first, long second, SubtreeSource source) {
        return hashes(consistencyRanges(first, second), source);
    }

    static List<Range> inclusionRanges(long index, long size) {
        requireNonNegative(index, "index");
        if (index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
        }
        List<Range> path = new ArrayList<>();
        path(index, new Range(0, size), path);
        return path;
    }

    static List<Range> consistencyRanges(long first, long second) {
        if (first < 1 || first > second) {
            throw new IllegalArgumentException("a consistency proof needs 1 <= first <= second, was "
                    + first + " and " + second);
        }
        List<Range> proof = new ArrayList<>();
        if (first < second) {
            subproof(first, new Range(0, second), true, proof);
        }
        return proof;
    }

    private static void path(long index, Range range, List<Range> out) {
        if (range.size() == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(range.size());
        Range left = new Range(range.start(), range.start() + k);
        Range right = new Range(range.start() + k, range.end());
        if (index - range.start() < k) {
            path(index, left, out);
            out.add(right);
        } else {
            path(index, right, out);
            out.add(left);
        }
    }

    /** SUBPROOF(m, D[range], b) of RFC 6962 section 2.1.2, with m counted from the range's start. */
    private static void subproof(long m, Range range, boolean startsAtOldRoot, List<Range> out) {
        if (m == range.size()) {
            if (!startsAtOldRoot) {
                out.add(range);
            }
            return;
        }
        long k = largestPowerOfTwoBelow(range.size());
        Range left = new Range(range.start(), range.start() + k);
        Range right = new Range(range.start() + k, range.end());
        if (m <= k) {
            subproof(m, left, startsAtOldRoot, out);
            out.add(right);
        } else {
            subproof(m - k, right, false, out);
            out.add(left);
        }
    }

    private static byte[] hash(Range range, SubtreeSource source) {
        long size = range.size();
        if (Long.bitCount(size) == 1) {
            int level = Long.numberOfTrailingZeros(size);
            return source.hash(new Subtree(level, range.start() >> level));
        }
        long k = largestPowerOfTwoBelow(size);
        return TreeHash.node(hash(new Range(range.start(), range.start() + k), source),
                hash(new Range(range.start() + k, range.end()), source));
    }

    private static Set<Subtree> needs(List<Range> ranges) {
        Set<Subtree> needed = new LinkedHashSet<>();
        for (Range range : ranges) {
            long start = range.start();
            long remaining = range.size();
            // An aligned range is its binary decomposition, largest subtree first.
            while (remaining > 0) {
                int level = 63 - Long.numberOfLeadingZeros(remaining);
                needed.add(new Subtree(level, start >> level));
                start += 1L << level;
                remaining -= 1L << level;
            }
        }
        return needed;
    }

    private static List<byte[]> hashes(List<Range> ranges, SubtreeSource source) {
        List<byte[]> hashes = new ArrayList<>(ranges.size());
        for (Range range : ranges) {
            hashes.add(hash(range, source));
        }
        return hashes;
    }

    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
