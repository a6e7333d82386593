package dev.heed.dsr.opendsr.vendor;

/**
 * Exact body bytes as received, with the domain and signature headers that came with them; parsed
 * only once the signature verified (spec 8.8).
 */
record SignedBody(byte[] bytes, String domain, String signature) {
}
