package dev.heed.dsr.registry;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.directive.DirectiveKind;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PUT /api/v1/systems/{systemId}/announcement}: what a system says about
 * itself at start-up. The system id comes from the path (and must be the token's); the transport
 * is Kafka for a new system and stays what it was for a known one.
 */
@Schema(name = "SystemAnnouncementRequest")
public record SystemAnnouncementRequest(
        @Schema(required = true, maxLength = SystemRegistrationRequest.MAX_TEXT, examples = "Support desk")
        String name,

        @Schema(required = true, maxLength = SystemRegistrationRequest.MAX_TEXT, examples = "support")
        String ownerTeam,

        @Schema(required = true, description = "Data categories the system holds (at least one).",
                examples = "[\"support\"]")
        List<String> dataCategories,

        @Schema(description = "Ids of the purposes it processes that data for.", examples = "[\"customer-support\"]")
        List<String> purposes,

        @Schema(required = true, description = "The directives it handles (at least one).")
        List<DirectiveKind> directiveKinds,

        @Schema(pattern = CLIENT_VERSION_REGEX, examples = "0.1.0",
                description = "The privacy-client version the system runs, if it uses it.")
        String clientVersion) {

    static final String CLIENT_VERSION_REGEX = "[A-Za-z0-9][A-Za-z0-9._+-]{0,63}";
    private static final Pattern CLIENT_VERSION = Pattern.compile(CLIENT_VERSION_REGEX);

    /** The validated definition, or an {@link InvalidInputException} naming the first offending field. */
    SystemDefinition toDefinition(String systemId) {
        SystemDefinition definition = new SystemRegistrationRequest(systemId, name, ownerTeam, dataCategories, purposes,
                directiveKinds, null, null).toDefinition(false);
        validClientVersion();
        return definition;
    }

    private void validClientVersion() {
        if (clientVersion != null && !CLIENT_VERSION.matcher(clientVersion).matches()) {
            throw new InvalidInputException("clientVersion", "must match " + CLIENT_VERSION_REGEX);
        }
    }
}
