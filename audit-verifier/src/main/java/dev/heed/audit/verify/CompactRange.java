package dev.heed.audit.verify;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The right edge of a growing tree: at most one perfect subtree per level. Replaying a log through
 * it yields the root at every size in O(log n) memory, which is how an integrity check recomputes
 * a tree of millions of entries without trusting any stored inner hash.
 */
public final class CompactRange {

    private record Node(int level, byte[] hash) {
    }

    private final Deque<Node> nodes = new ArrayDeque<>();
    private long size;

    public void append(byte[] leafHash) {
        Node node = new Node(0, leafHash);
        while (!nodes.isEmpty() && nodes.peekLast().level() == node.level()) {
            node = new Node(node.level() + 1, TreeHash.node(nodes.removeLast().hash(), node.hash()));
        }
        nodes.addLast(node);
        size++;
    }

    public long size() {
        return size;
    }

    /** MTH over everything appended so far. */
    public byte[] root() {
        if (nodes.isEmpty()) {
            return TreeHash.empty();
        }
        Iterator<Node> fromRight = nodes.descendingIterator();
        byte[] root = fromRight.next().hash();
        while (fromRight.hasNext()) {
            root = TreeHash.node(fromRight.next().hash(), root);
        }
        return root;
    }
}
