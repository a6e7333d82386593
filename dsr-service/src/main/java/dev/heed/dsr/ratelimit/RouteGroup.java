package dev.heed.dsr.ratelimit;

import java.util.Locale;

/** The open routes whose requests one client address may make a limited number of times per window. */
public enum RouteGroup {
    /** {@code POST /public/v1/requests}. */
    SUBMISSION,
    /** Entering the one-time code and following a request by its id. */
    VERIFICATION,
    /** {@code GET /public/v1/packages/{token}}. */
    DOWNLOAD;

    /** As in configuration, the database and the metric's label. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
