package dev.heed.dsr.registry;

import dev.heed.platform.web.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** A vendor's OpenDSR base URL: absolute, https (http only where configured), no query, user info or fragment. */
final class VendorBaseUrl {

    static final String FIELD = "openDsrBaseUrl";
    private static final int MAX_LENGTH = 500;

    private VendorBaseUrl() {
    }

    /** The URL without a trailing slash, or an {@link InvalidInputException} on {@value #FIELD}. */
    static String validated(String value, boolean allowHttp) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(FIELD, "is required for transport OPENDSR");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException(FIELD, "must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new InvalidInputException(FIELD, "must be an absolute URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean https = scheme.equals("https");
        if (!https && !(allowHttp && scheme.equals("http"))) {
            throw new InvalidInputException(FIELD, allowHttp ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new InvalidInputException(FIELD, "must name a host, without user info, query or fragment");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
