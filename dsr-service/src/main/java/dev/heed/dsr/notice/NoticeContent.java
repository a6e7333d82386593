package dev.heed.dsr.notice;

import java.util.Map;

/**
 * What a notice says and where it goes; exists in clear only between the queue and the sender,
 * so it never prints the destination or the values.
 *
 * @param destination an e-mail address or an E.164 phone number
 * @param values      what the template shows (a code, a link, a status, a reason, a deadline)
 */
public record NoticeContent(String destination, Map<String, String> values) {

    public NoticeContent {
        values = Map.copyOf(values);
    }

    @Override
    public String toString() {
        return "NoticeContent[" + values.keySet() + "]";
    }
}
