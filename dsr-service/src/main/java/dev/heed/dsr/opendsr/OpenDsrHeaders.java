package dev.heed.dsr.opendsr;

/**
 * The signature headers of every OpenDSR response and callback, under the 2.0 names and, as
 * section 10.1 asks, the OpenGDPR ones beside them.
 */
public final class OpenDsrHeaders {

    public static final String DOMAIN = "X-OpenDSR-Processor-Domain";
    public static final String SIGNATURE = "X-OpenDSR-Signature";
    public static final String LEGACY_DOMAIN = "X-OpenGDPR-Processor-Domain";
    public static final String LEGACY_SIGNATURE = "X-OpenGDPR-Signature";

    private OpenDsrHeaders() {
    }

    /** Name-value pairs, as {@code HttpRequest.Builder.headers} takes them, signing exactly {@code body}. */
    public static String[] signed(ProcessorSigning signing, byte[] body) {
        String signature = signing.signer().sign(body);
        return new String[] {DOMAIN, signing.domain(), SIGNATURE, signature,
                LEGACY_DOMAIN, signing.domain(), LEGACY_SIGNATURE, signature};
    }
}
