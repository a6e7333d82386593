package dev.heed.dsr.opendsr.vendor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The OpenDSR create request dsr-service sends a vendor (spec 7.1.1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"regulation", "subject_request_id", "subject_request_type", "submitted_time",
        "subject_identities", "api_version", "status_callback_urls"})
record OpenDsrRequestBody(
        @JsonProperty("regulation") String regulation,
        @JsonProperty("subject_request_id") String subjectRequestId,
        @JsonProperty("subject_request_type") String subjectRequestType,
        @JsonProperty("submitted_time") String submittedTime,
        @JsonProperty("subject_identities") List<Identity> subjectIdentities,
        @JsonProperty("api_version") String apiVersion,
        @JsonProperty("status_callback_urls") List<String> statusCallbackUrls) {

    static final String API_VERSION = "2.0";

    /** One identity of spec section 5. */
    record Identity(
            @JsonProperty("identity_type") String identityType,
            @JsonProperty("identity_value") String identityValue,
            @JsonProperty("identity_format") String identityFormat) {

        @Override
        public String toString() {
            return "Identity[" + identityType + "/" + identityFormat + "]";
        }
    }

    @Override
    public String toString() {
        return "OpenDsrRequestBody[" + subjectRequestId + ", " + subjectRequestType + "]";
    }
}
