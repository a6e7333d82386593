package dev.heed.dsr.opendsr.controller;

import dev.heed.dsr.opendsr.OpenDsrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The configured OpenDSR controllers, found by the SHA-256 of the bearer token they present. */
@ApplicationScoped
public class Controllers {

    /** The role of an authenticated controller. */
    public static final String ROLE = "opendsr-controller";

    private final Map<String, OpenDsrConfig.Controller> byId;

    Controllers(OpenDsrConfig config) {
        this.byId = Map.copyOf(config.controllers());
        byId.forEach((id, controller) -> {
            if (!controller.tokenSha256().matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("heed.dsr.opendsr.controllers." + id
                        + ".token-sha256 must be the lower-case hex SHA-256 of the token");
            }
        });
    }

    /** The controller id whose token this is; compared in constant time. */
    public Optional<String> authenticate(String token) {
        byte[] presented = HexFormat.of().formatHex(sha256(token)).getBytes(StandardCharsets.US_ASCII);
        String found = null;
        for (Map.Entry<String, OpenDsrConfig.Controller> controller : byId.entrySet()) {
            if (MessageDigest.isEqual(presented, controller.getValue().tokenSha256().getBytes(StandardCharsets.US_ASCII))) {
                found = controller.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether the controller may be called back at this URL (its configured hosts only). */
    public boolean mayCallBack(String controllerId, URI url) {
        OpenDsrConfig.Controller controller = byId.get(controllerId);
        return controller != null && url.getHost() != null
                && controller.callbackHosts().contains(url.getHost().toLowerCase(Locale.ROOT));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
