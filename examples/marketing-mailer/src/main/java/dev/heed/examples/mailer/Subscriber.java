package dev.heed.examples.mailer;

import java.util.Set;

/**
 * Someone on the mailing list, under their subject key, with the purposes they receive mail for
 * (e.g. {@code newsletter}, {@code product-offers}). The e-mail address is personal data.
 */
public record Subscriber(String subjectKey, String email, Set<String> subscribedTo) {

    public Subscriber {
        subscribedTo = Set.copyOf(subscribedTo);
    }

    @Override
    public String toString() {
        return "Subscriber[subscribedTo=" + subscribedTo + "]";
    }
}
