package dev.heed.dsr.notice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code heed.dsr.notices.*}: the customer notice queue and its delivery. */
@ConfigMapping(prefix = "heed.dsr.notices")
public interface NoticeConfig {

    /** The AES-256 key notices wait encrypted with, base64 of 32 bytes (by default the exports key). */
    String key();

    /** The language of a notice whose request named none; needs templates under {@code templates/notices/<language>/}. */
    @WithDefault("en")
    String defaultLanguage();

    /** How long a sent notice's row (without content) is kept for the operator's view. */
    @WithDefault("P30D")
    Duration keep();

    Delivery delivery();

    Sms sms();

    interface Delivery {

        /** How often the leader runs {@link NoticeDeliveryJob} ({@code off} to stop it). */
        @WithDefault("5s")
        String every();

        /** Notices sent per run at most. */
        @WithDefault("50")
        int batch();

        /** Attempts before a notice is FAILED. */
        @WithDefault("6")
        int maxAttempts();

        /** The wait after the first failure; it doubles after each further one. */
        @WithDefault("PT30S")
        Duration backoff();

        /** The longest wait between two attempts. */
        @WithDefault("PT30M")
        Duration maxBackoff();

        /** A claim older than this belongs to a job that stopped mid-send: the notice becomes UNCERTAIN. */
        @WithDefault("PT5M")
        Duration claimTimeout();
    }

    interface Sms {

        /** Where {@link WebhookSmsSender} posts {@code {"to": ..., "text": ...}}; without it SMS notices fail. */
        Optional<String> webhookUrl();

        /** Sent as {@code Authorization: Bearer ...} to the webhook, when set. */
        Optional<String> webhookToken();

        @WithDefault("PT10S")
        Duration timeout();
    }
}
