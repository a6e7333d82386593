package dev.heed.dsr.request;

import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestType;
import java.util.List;
import java.util.Map;

/** A validated request; it carries personal data and never leaves this service's memory as it is. */
record RequestCommand(RequestType type, Regulation regulation, String customerId, Map<String, List<String>> identities,
        String purposeId, Map<String, Object> parameters, String verificationNote) {

    /**
     * What the subject key is made of: the customer id, or for a requester known only by a verified
     * identity, that identity ({@code email:ada@example.com}), so repeated requests meet.
     */
    String subjectIdentifier() {
        if (customerId != null) {
            return customerId;
        }
        Map.Entry<String, List<String>> first = identities.entrySet().iterator().next();
        return first.getKey() + ":" + first.getValue().get(0);
    }

    @Override
    public String toString() {
        return "RequestCommand[type=" + type + ", regulation=" + regulation + "]";
    }
}
