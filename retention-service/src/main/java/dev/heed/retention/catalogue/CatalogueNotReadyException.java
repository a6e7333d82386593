package dev.heed.retention.catalogue;

/** The purpose catalogue view is still catching up; answered 503 so the caller retries. */
public class CatalogueNotReadyException extends RuntimeException {

    public CatalogueNotReadyException() {
        super("the purpose catalogue is still being read; try again shortly");
    }
}
