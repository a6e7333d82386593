package dev.heed.client;

import java.sql.Connection;

/**
 * A handler whose effect is in the same database as the {@link JdbcAcknowledgementStore}: the
 * client opens a transaction on the store's data source, passes its connection, stores the answer
 * in that same transaction and commits. The effect and the stored answer are then one atomic
 * step: after a crash either both happened (the re-delivered directive is answered from the
 * store) or neither did (the handler runs again).
 *
 * @param <D> the directive's typed view
 */
@FunctionalInterface
public interface TransactionalHandler<D extends Directive> {

    /**
     * @param transaction an open connection with auto-commit off; do not commit, roll back or close it
     * @return the answer; throw to roll back (retried with backoff, then dead-lettered)
     */
    DirectiveResult handle(D directive, Connection transaction) throws Exception;
}
