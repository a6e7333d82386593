package dev.heed.dsr.opendsr.vendor;

import java.util.function.UnaryOperator;

/** The signature headers of OpenDSR 2.0, and the pre-2.0 OpenGDPR names section 10.1 keeps honoured. */
final class OpenDsrHeaders {

    static final String DOMAIN = "X-OpenDSR-Processor-Domain";
    static final String SIGNATURE = "X-OpenDSR-Signature";
    static final String LEGACY_DOMAIN = "X-OpenGDPR-Processor-Domain";
    static final String LEGACY_SIGNATURE = "X-OpenGDPR-Signature";

    private OpenDsrHeaders() {
    }

    static String domain(UnaryOperator<String> headers) {
        return either(headers, DOMAIN, LEGACY_DOMAIN);
    }

    static String signature(UnaryOperator<String> headers) {
        return either(headers, SIGNATURE, LEGACY_SIGNATURE);
    }

    private static String either(UnaryOperator<String> headers, String name, String legacy) {
        String value = headers.apply(name);
        return value != null ? value : headers.apply(legacy);
    }
}
