package dev.heed.consent.receipt;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Loads the receipt keys at start, so a missing or broken key file stops the service before it takes traffic. */
@Dependent
public class ReceiptKeysProducer {

    @Produces
    @Startup
    @Singleton
    ReceiptKeys receiptKeys(ReceiptConfig config) {
        return ReceiptKeys.load(config.signingKeys(), config.activeKeyId());
    }
}
