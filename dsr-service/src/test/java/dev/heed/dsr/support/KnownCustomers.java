package dev.heed.dsr.support;

import dev.heed.dsr.request.IdentityResolver;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The installation's customer lookup as the tests see it: an address at {@value #DOMAIN} belongs
 * to the customer its local part names; every other address is unknown, as without a resolver.
 */
@ApplicationScoped
public class KnownCustomers implements IdentityResolver {

    public static final String DOMAIN = "customers.example";

    @Override
    public Optional<String> customerIdOf(String kind, String value) {
        String suffix = "@" + DOMAIN;
        return "email".equals(kind) && value.endsWith(suffix)
                ? Optional.of(value.substring(0, value.length() - suffix.length()))
                : Optional.empty();
    }
}
