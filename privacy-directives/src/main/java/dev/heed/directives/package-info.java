/**
 * The directive library: the one fan-out/fan-in mechanism of the services that issue directives
 * (consent-, dsr- and retention-service). A directive is stored with one task and one outbox row
 * per recipient in the caller's transaction, relayed to each system's topic, re-sent while
 * unanswered, settled from the systems' acknowledgements, and overdue after its deadline. It
 * builds on the service platform ({@code dev.heed.platform}) and runs the acknowledgement consumer
 * of the service that embeds it, so only issuers depend on it.
 *
 * <p>Its public seam, the only types other modules use:
 * <ul>
 * <li>issue a directive: {@link dev.heed.directives.DirectiveIssuer},
 *     {@link dev.heed.directives.DirectiveRequest}, and the recipients it is fanned out to,
 *     {@link dev.heed.directives.SystemRegistryView} (which throws
 *     {@link dev.heed.directives.RegistryNotReadyException} until it caught up);</li>
 * <li>read a directive: {@link dev.heed.directives.DirectiveQueries},
 *     {@link dev.heed.directives.Directive}, {@link dev.heed.directives.DirectiveTask},
 *     {@link dev.heed.directives.DirectiveState}, {@link dev.heed.directives.TaskState};</li>
 * <li>listen for settlement: {@link dev.heed.directives.DirectiveSettlementListener};</li>
 * <li>check an acknowledgement: {@link dev.heed.directives.AcknowledgementCheck};</li>
 * <li>answer for a system: {@link dev.heed.directives.Acknowledgements} (complete by hand with a
 *     {@link dev.heed.directives.ManualCompletion}, or record an answer that arrived another way,
 *     such as an OpenDSR vendor's), telling what became of it as an
 *     {@link dev.heed.directives.AckDisposition};</li>
 * <li>run the deadline sweep now rather than on its schedule: {@link dev.heed.directives.DeadlineJob}.</li>
 * </ul>
 * Everything else is package-private. {@code system-tests}' {@code ModuleSeamTest} checks that this
 * list, the library's public types and what the other modules import agree.
 */
package dev.heed.directives;
