package dev.heed.audit.tlog;

import dev.heed.platform.web.InvalidInputException;

/**
 * A c2sp.org/tlog-tiles path after {@code /tile/}: {@code <L>/<N>[.p/<W>]} or
 * {@code entries/<N>[.p/<W>]}, N in 3-digit elements all but the last prefixed with {@code x}.
 * Level -1 stands for an entry bundle.
 */
public record TileAddress(int level, long index, int width) {

    public static final int FULL = 256;
    public static final int ENTRIES = -1;

    public boolean partial() {
        return width < FULL;
    }

    public long first() {
        return index * FULL;
    }

    public static TileAddress parse(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length < 2) {
            throw invalid();
        }
        int level;
        if (parts[0].equals("entries")) {
            level = ENTRIES;
        } else if (parts[0].matches("0|[1-7]")) {
            // Level 7 already covers 2^64 leaves; tree_node levels stop at 62.
            level = Integer.parseInt(parts[0]);
        } else {
            throw invalid();
        }
        int width = FULL;
        int end = parts.length;
        if (parts[end - 2].endsWith(".p")) {
            if (!parts[end - 1].matches("[1-9][0-9]?|1[0-9][0-9]|2[0-4][0-9]|25[0-5]")) {
                throw invalid();
            }
            width = Integer.parseInt(parts[end - 1]);
            parts[end - 2] = parts[end - 2].substring(0, parts[end - 2].length() - 2);
            end--;
        }
        long index = 0;
        for (int i = 1; i < end; i++) {
            String element = parts[i];
            boolean last = i == end - 1;
            if (!last && !element.startsWith("x")) {
                throw invalid();
            }
            String digits = last ? element : element.substring(1);
            if (!digits.matches("[0-9]{3}") || end - 1 > 7) {
                throw invalid();
            }
            index = index * 1000 + Integer.parseInt(digits);
        }
        return new TileAddress(level, index, width);
    }

    /** The path as the spec writes it, for the index {@code n}. */
    public static String indexPath(long n) {
        String digits = String.format("%03d", n % 1000);
        for (long rest = n / 1000; rest > 0; rest /= 1000) {
            digits = String.format("x%03d/", rest % 1000) + digits;
        }
        return digits;
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException("tile", "is <L>/<N>[.p/<W>] or entries/<N>[.p/<W>] as c2sp.org/tlog-tiles has it");
    }
}
