package dev.heed.dsr.opendsr.vendor;

/**
 * A body whose signature verified against the vendor's certificate: the evidence kept for auditors.
 *
 * @param bodySha256 lower-case hex SHA-256 of the exact bytes
 * @param certificateSha256 lower-case hex SHA-256 of the certificate's DER
 */
record VerifiedBody(byte[] bytes, String signature, String domain, String bodySha256, String certificateSha256) {
}
