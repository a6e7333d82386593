package dev.heed.platform.subject;

import dev.heed.events.subject.SubjectKeys;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Base64;

/**
 * The one {@link SubjectKeys} of the service: every query by customer id goes through it. Built at
 * start, so a missing or short secret stops the service instead of failing its first request.
 */
@Dependent
public class SubjectKeyProducer {

    @Produces
    @Startup
    @Singleton
    SubjectKeys subjectKeys(SubjectKeyConfig config) {
        return new SubjectKeys(config.version(), decode(config.secret()));
    }

    /** Never puts the secret (or a part of it) into a message. */
    static byte[] decode(String secret) {
        String trimmed = secret == null ? "" : secret.strip();
        try {
            return trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("heed.subject-keys.secret is not valid base64");
        }
    }
}
