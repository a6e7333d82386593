package dev.heed.audit.verify;

/** Where perfect subtree hashes come from: a table, or leaves held in memory. */
@FunctionalInterface
public interface SubtreeSource {

    /** The hash of a perfect subtree; level 0 is a leaf hash. */
    byte[] hash(Subtree subtree);
}
