package dev.heed.audit.verify;

/**
 * A perfect subtree: the 2^level leaves starting at leaf {@code index << level}. Its hash never
 * changes once the log holds those leaves, so a log stores it once and builds every root and proof
 * of any tree size from O(log n) of them.
 */
public record Subtree(int level, long index) {

    public Subtree {
        if (level < 0 || level > 62) {
            throw new IllegalArgumentException("level must be within 0..62, was " + level);
        }
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, was " + index);
        }
    }

    public long firstLeaf() {
        return index << level;
    }

    public long leafCount() {
        return 1L << level;
    }
}
