package dev.heed.client;

/**
 * Carries out one kind of directive. Called from the client's one consumer thread, one directive
 * at a time, in the order of the directive topic's partition (so one subject's directives in order).
 *
 * <p>Must be idempotent: the client stores the answer after the handler returns, so a crash in
 * between makes the directive arrive again and the handler run again.
 *
 * @param <D> the directive's typed view
 */
@FunctionalInterface
public interface DirectiveHandler<D extends Directive> {

    /**
     * @return the answer; throw for a transient error (retried with backoff, then dead-lettered
     *     and answered {@code FAILED}); exception messages must not carry personal data
     */
    DirectiveResult handle(D directive) throws Exception;
}
