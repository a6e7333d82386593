package dev.heed.dsr.registry;

import dev.heed.events.directive.DirectiveKind;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PUT /api/v1/systems/{systemId}/announcement}: what a system says about
 * itself at start-up. The system id comes from the path (and must be the token's); the transport
 * is Kafka for a new system and stays what it was for a known one.
 */
@Schema(name = "SystemAnnouncementRequest")
public record SystemAnnouncementRequest(
        @NotBlank @Size(max = SystemRegistrationRequest.MAX_TEXT) @Schema(examples = "Support desk")
        String name,

        @NotBlank @Size(max = SystemRegistrationRequest.MAX_TEXT) @Schema(examples = "support")
        String ownerTeam,

        @NotEmpty @Size(max = SystemRegistrationRequest.MAX_ENTRIES)
        @Schema(description = "Data categories the system holds (at least one).", examples = "[\"support\"]")
        List<@NotNull @Pattern(regexp = SystemRegistrationRequest.IDENTIFIER,
                message = SystemRegistrationRequest.IDENTIFIER_RULE) String> dataCategories,

        @Size(max = SystemRegistrationRequest.MAX_ENTRIES)
        @Schema(description = "Ids of the purposes it processes that data for.", examples = "[\"customer-support\"]")
        List<@NotNull @Pattern(regexp = SystemRegistrationRequest.IDENTIFIER,
                message = SystemRegistrationRequest.IDENTIFIER_RULE) String> purposes,

        @NotEmpty @Schema(description = "The directives it handles (at least one).")
        List<@NotNull DirectiveKind> directiveKinds,

        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._+-]{0,63}") @Schema(examples = "0.1.0",
                description = "The privacy-client version the system runs, if it uses it.")
        String clientVersion) {

    /** The definition of a body its annotations passed, for the system of the path. */
    SystemDefinition toDefinition(String systemId) {
        return new SystemRegistrationRequest(systemId, name, ownerTeam, dataCategories, purposes, directiveKinds, null,
                null).toDefinition(false);
    }
}
