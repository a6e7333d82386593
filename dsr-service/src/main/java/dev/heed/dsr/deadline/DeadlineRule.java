package dev.heed.dsr.deadline;

import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestType;

/**
 * What the law says about answering one type of request.
 *
 * @param extendableBy             the longest extension the law allows, or {@code null} when it allows none
 * @param lastDayMovesToWorkingDay whether a period ending on a weekend or holiday ends on the next working day
 * @param rulesOf                  the type whose rules apply, when the law has no such right (else {@code type})
 * @param source                   the articles the rule comes from
 * @param note                     why the rule reads as it does, or {@code null}
 */
public record DeadlineRule(Regulation regulation, RequestType type, ResponsePeriod respondWithin,
        ResponsePeriod extendableBy, boolean lastDayMovesToWorkingDay, RequestType rulesOf, String source,
        String note) {

    public boolean extensionAllowed() {
        return extendableBy != null;
    }
}
