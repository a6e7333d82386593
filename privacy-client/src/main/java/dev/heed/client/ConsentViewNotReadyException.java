package dev.heed.client;

/**
 * The consent view has not read the whole consent state yet. Answering now could allow what a
 * later record withdraws, so it answers nothing; wait with {@link LocalConsentView#awaitReady}.
 */
public final class ConsentViewNotReadyException extends IllegalStateException {

    public ConsentViewNotReadyException() {
        super("the consent view is still catching up with " + dev.heed.events.Topics.CONSENT_STATE);
    }
}
