package dev.heed.audit.console;

/**
 * The latest signed tree head as the console shows it.
 *
 * @param rootHash lower-case hex
 * @param age time since it was signed
 */
public record TreeHeadSummary(long treeSize, String rootHash, String signedAt, String age, String keyId) {
}
