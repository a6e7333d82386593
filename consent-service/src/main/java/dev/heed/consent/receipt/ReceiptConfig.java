package dev.heed.consent.receipt;

import io.smallrye.config.ConfigMapping;

/**
 * How receipts are signed and whom they name. Keys come from configuration, not code, so every
 * replica signs with the same key and a rotation is a configuration change. Outside dev mode:
 * {@code HEED_RECEIPTS_SIGNING_KEYS}, {@code HEED_RECEIPTS_ACTIVE_KEY_ID},
 * {@code HEED_RECEIPTS_CONTROLLER_ID}, {@code HEED_RECEIPTS_CONTROLLER_NAME}.
 */
@ConfigMapping(prefix = "heed.receipts")
public interface ReceiptConfig {

    /**
     * A private JWK Set file (mounted from a Secret): every key has a {@code kid}; EC P-256 keys
     * sign ES256, RSA keys (2048 bits or more) RS256.
     */
    String signingKeys();

    /** The {@code kid} that signs new receipts; every other key of the file is published for verification only. */
    String activeKeyId();

    /** The controller the receipts are issued for. */
    Controller controller();

    interface Controller {

        /** Becomes the receipt's {@code iss}: a URI or another stable identifier of the controller. */
        String id();

        /** The controller's name, as a person reading the receipt knows it. */
        String name();
    }
}
