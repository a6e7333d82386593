package dev.heed.examples.supportdesk;

import java.time.Instant;

/** One support ticket. The e-mail address and the text are personal data. */
public record Ticket(long id, String subjectKey, String customerEmail, String body, Instant createdAt) {

    // Tickets end up in exceptions and debuggers: print what identifies the row, nothing personal.
    @Override
    public String toString() {
        return "Ticket[id=" + id + ", createdAt=" + createdAt + "]";
    }
}
