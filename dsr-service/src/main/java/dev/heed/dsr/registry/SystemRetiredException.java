package dev.heed.dsr.registry;

/** A retired system announced itself: only an administrator brings it back (409). */
class SystemRetiredException extends RuntimeException {

    SystemRetiredException(String systemId) {
        super("system " + systemId + " is retired; an administrator may register it again", null, false, false);
    }
}
