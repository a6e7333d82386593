package dev.heed.audit.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's Qute templates, under {@code templates/console/}. */
@CheckedTemplate(basePath = "console")
final class ConsolePages {

    private ConsolePages() {
    }

    /** @param problem why the last attempt was refused, or {@code null} */
    static native TemplateInstance login(String problem);

    /** @param overview the overview, already rendered by {@link #overview} */
    static native TemplateInstance page(String operator, String overview);

    static native TemplateInstance overview(Overview overview);

    static native TemplateInstance forbidden(String operator);
}
