package dev.heed.dsr.export;

import java.time.Instant;
import java.util.UUID;

/**
 * A one-time download link for the customer, and where to send it: what a {@link PackageNotifier}
 * receives. It carries the link (whose token opens the package) and an address, so it never prints them.
 *
 * @param destination the requester's e-mail address, or {@code null} when the request carried none
 */
public record PackageLink(UUID requestId, String destination, String url, Instant expiresAt) {

    @Override
    public String toString() {
        return "PackageLink[requestId=" + requestId + ", expiresAt=" + expiresAt + "]";
    }
}
