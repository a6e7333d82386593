package dev.heed.dsr.opendsr.controller;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Bearer tokens of OpenDSR controllers on {@code /opendsr/...}. It runs before the JWT mechanism:
 * a controller's token is opaque, and the JWT mechanism would refuse it. Elsewhere it steps aside.
 */
@ApplicationScoped
public class ControllerAuthentication implements HttpAuthenticationMechanism {

    private static final String PREFIX = "/opendsr/";
    private static final String BEARER = "Bearer ";

    private final Controllers controllers;

    ControllerAuthentication(Controllers controllers) {
        this.controllers = controllers;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!context.normalizedPath().startsWith(PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        return controllers.authenticate(header.substring(BEARER.length()).strip())
                .<Uni<SecurityIdentity>>map(id -> Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(id))
                        .addRole(Controllers.ROLE)
                        .build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (!context.normalizedPath().startsWith(PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"opendsr\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public int getPriority() {
        // Above the JWT mechanism's default (1000), so it is asked first.
        return 2000;
    }
}
