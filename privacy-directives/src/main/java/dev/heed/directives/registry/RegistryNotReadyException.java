package dev.heed.directives.registry;

/** The registry view has not caught up yet; retry later (HTTP 503). */
public class RegistryNotReadyException extends RuntimeException {

    public RegistryNotReadyException() {
        super("the system registry view is still catching up");
    }
}
