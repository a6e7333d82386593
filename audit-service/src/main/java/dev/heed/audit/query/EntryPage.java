package dev.heed.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * @param next the {@code after} of the next page, or {@code null} on the last one
 */
public record EntryPage(List<Entry> entries, Long next) {

    /** @param record the stored record, as its leaf hash covers it */
    public record Entry(long leafIndex, JsonNode record) {
    }
}
