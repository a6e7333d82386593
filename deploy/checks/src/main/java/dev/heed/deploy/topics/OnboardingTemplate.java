package dev.heed.deploy.topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.heed.deploy.model.Manifests;
import dev.heed.events.SystemId;

/**
 * deploy/k8s/onboarding: the objects a platform team applies once per downstream system, written
 * with the placeholder SYSTEM_ID (documented as {@code sed 's/SYSTEM_ID/<id>/g' ... | kubectl apply -f -}).
 */
public final class OnboardingTemplate {

    public static final String PLACEHOLDER = "SYSTEM_ID";
    /** A system id for instantiating the template in the checks. */
    public static final String SAMPLE_SYSTEM_ID = "sample-crm";

    private OnboardingTemplate() {
    }

    /** Every YAML file of the template with the placeholder replaced, as objects. */
    public static List<JsonNode> instantiate(Path repositoryRoot, String systemId) {
        Path directory = repositoryRoot.resolve("deploy/k8s/onboarding");
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("no onboarding template: " + directory + " does not exist");
        }
        try (Stream<Path> files = Files.list(directory)) {
            String yaml = files
                    .filter(file -> file.getFileName().toString().endsWith(".yaml"))
                    .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .map(OnboardingTemplate::read)
                    .collect(Collectors.joining("\n---\n"));
            if (yaml.isBlank()) {
                throw new IllegalStateException("no onboarding template: " + directory + " has no YAML file");
            }
            return Manifests.parse(yaml.replace(PLACEHOLDER, SystemId.validate(systemId)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
