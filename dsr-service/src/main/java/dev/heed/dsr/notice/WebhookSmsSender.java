package dev.heed.dsr.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Posts {@code {"to": "+4930...", "text": "..."}} to {@code heed.dsr.notices.sms.webhook-url}
 * (an SMS gateway or a small adapter in front of one); any 2xx is a sent message.
 */
@ApplicationScoped
@DefaultBean
public class WebhookSmsSender implements SmsSender {

    private final NoticeConfig.Sms config;
    private final ObjectMapper json;
    private final HttpClient http;

    WebhookSmsSender(NoticeConfig config, ObjectMapper json) {
        this.config = config.sms();
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    @Override
    public Uni<Void> send(String phoneNumber, String text) {
        String url = config.webhookUrl().orElseThrow(() -> new SmsNotConfigured());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(phoneNumber, text)));
        config.webhookToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return Uni.createFrom().completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()))
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new SmsRefused(response.statusCode());
                    }
                    return null;
                });
    }

    private byte[] body(String to, String text) {
        try {
            return json.writeValueAsBytes(Map.of("to", to, "text", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** No webhook configured: SMS notices fail (and show as failing) until one is. */
    static final class SmsNotConfigured extends IllegalStateException {
        SmsNotConfigured() {
            super("heed.dsr.notices.sms.webhook-url is not set");
        }
    }

    /** The webhook answered, but not 2xx: the message did not go out. */
    static final class SmsRefused extends IllegalStateException {
        SmsRefused(int status) {
            super("the SMS webhook answered " + status);
        }
    }
}
