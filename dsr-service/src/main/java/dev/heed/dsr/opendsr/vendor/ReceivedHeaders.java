package dev.heed.dsr.opendsr.vendor;

import dev.heed.dsr.opendsr.OpenDsrHeaders;
import java.util.function.UnaryOperator;

/** Reads a vendor's signature headers: the OpenDSR 2.0 names, else the OpenGDPR ones section 10.1 keeps honoured. */
final class ReceivedHeaders {

    private ReceivedHeaders() {
    }

    static String domain(UnaryOperator<String> headers) {
        return either(headers, OpenDsrHeaders.DOMAIN, OpenDsrHeaders.LEGACY_DOMAIN);
    }

    static String signature(UnaryOperator<String> headers) {
        return either(headers, OpenDsrHeaders.SIGNATURE, OpenDsrHeaders.LEGACY_SIGNATURE);
    }

    private static String either(UnaryOperator<String> headers, String name, String legacy) {
        String value = headers.apply(name);
        return value != null ? value : headers.apply(legacy);
    }
}
