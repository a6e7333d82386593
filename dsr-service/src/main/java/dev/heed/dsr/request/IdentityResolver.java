package dev.heed.dsr.request;

import java.util.Optional;

/**
 * Maps an identity a requester verified (an e-mail address, a phone number) to the controller's
 * customer id. Provide a CDI bean to look customers up; without one, a requester is known by the
 * verified identity itself, and the directives carry it for the systems to match.
 */
public interface IdentityResolver {

    /** @param kind {@code email} or {@code phone}; {@code value} is normalised (trimmed, lower case) */
    Optional<String> customerIdOf(String kind, String value);
}
