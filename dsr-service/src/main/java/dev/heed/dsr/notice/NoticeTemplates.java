package dev.heed.dsr.notice;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Renders a notice from {@code templates/notices/<language>/<kind>.txt} (Qute). A template's first
 * line is {@code Subject: ...}; the rest is the body. A language without the template falls back to English.
 */
@ApplicationScoped
public class NoticeTemplates {

    static final String FALLBACK = "en";

    private final Engine engine;

    NoticeTemplates(Engine engine) {
        this.engine = engine;
    }

    /** A rendered message. */
    public record Message(String subject, String body) {
    }

    public Message render(NoticeKind kind, String language, Map<String, String> values) {
        Template template = engine.getTemplate("notices/" + language + "/" + kind.template() + ".txt");
        if (template == null) {
            template = engine.getTemplate("notices/" + FALLBACK + "/" + kind.template() + ".txt");
        }
        if (template == null) {
            throw new IllegalStateException("no template for notices of kind " + kind);
        }
        TemplateInstance instance = template.instance();
        values.forEach(instance::data);
        String text = instance.render();
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        if (!first.startsWith("Subject:")) {
            throw new IllegalStateException("the template of " + kind + " must start with a Subject: line");
        }
        return new Message(first.substring("Subject:".length()).strip(), end < 0 ? "" : text.substring(end + 1).strip() + "\n");
    }
}
