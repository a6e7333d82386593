package dev.heed.dsr.opendsr;

import dev.heed.dsr.opendsr.signature.BodySigner;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * This service's OpenDSR signing identity: the key and CA-issued certificate chain read at start
 * from the files a Secret mounts, and the domain they are issued for. Absent when not configured:
 * OpenDSR is then off and its endpoints answer 404.
 */
@ApplicationScoped
public class ProcessorSigning {

    private final Optional<BodySigner> signer;
    private final String domain;

    ProcessorSigning(OpenDsrConfig config) {
        if (config.keyFile().isPresent() != config.certificateFile().isPresent()) {
            throw new IllegalArgumentException(
                    "heed.dsr.opendsr.key-file and heed.dsr.opendsr.certificate-file go together");
        }
        this.signer = config.keyFile().map(key -> BodySigner.fromPemFiles(key, config.certificateFile().get()));
        if (signer.isPresent() && config.processorDomain().isEmpty()) {
            throw new IllegalArgumentException("heed.dsr.opendsr.processor-domain is required with a signing key");
        }
        this.domain = config.processorDomain().orElse(null);
    }

    public boolean enabled() {
        return signer.isPresent();
    }

    public BodySigner signer() {
        return signer.orElseThrow(() -> new IllegalStateException("OpenDSR is not configured"));
    }

    public String domain() {
        return domain;
    }
}
