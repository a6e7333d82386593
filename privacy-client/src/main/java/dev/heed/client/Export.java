package dev.heed.client;

import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import java.net.URI;
import java.util.Optional;

/**
 * Export the subject's data. The handler produces the bytes; the client uploads them through its
 * {@link ExportUploader} and acknowledges with the reference and SHA-256. The data never travels on Kafka.
 */
public record Export(DirectiveIssued issued) implements Directive {

    /** Parameter with the URL the export is to be uploaded to, for {@link HttpExportUploader}. */
    public static final String UPLOAD_URL = "uploadUrl";

    public Export {
        DirectiveViews.requireKind(issued, DirectiveKind.EXPORT);
    }

    /** Where the issuer wants the export, if it said so. */
    public Optional<URI> uploadUrl() {
        return Optional.ofNullable(issued.parameters().get(UPLOAD_URL)).map(Object::toString).map(URI::create);
    }

    @Override
    public String toString() {
        return DirectiveViews.describe(this);
    }
}
