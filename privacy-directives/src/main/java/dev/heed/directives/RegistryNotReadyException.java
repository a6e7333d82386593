package dev.heed.directives;

import dev.heed.platform.web.NotReadyException;

/** The registry view has not caught up yet; retry later (HTTP 503). */
public class RegistryNotReadyException extends NotReadyException {

    public RegistryNotReadyException() {
        super("the system registry view is still catching up");
    }
}
