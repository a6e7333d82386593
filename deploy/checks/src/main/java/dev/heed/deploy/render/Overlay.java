package dev.heed.deploy.render;

import java.nio.file.Files;
import java.nio.file.Path;

/** A Kustomize overlay under deploy/k8s/overlays, rendered the way a platform team applies it. */
public enum Overlay {
    DEV("dev"),
    PRODUCTION("production"),
    /** Production with the OpenDSR component: its Deployment must still pass every rule. */
    PRODUCTION_OPENDSR("production-opendsr");

    private final String directory;

    Overlay(String directory) {
        this.directory = directory;
    }

    public String directory() {
        return directory;
    }

    /** The rendered YAML stream of {@code kubectl kustomize deploy/k8s/overlays/<name>}. */
    public String render(Path repositoryRoot) {
        Path relative = Path.of("deploy", "k8s", "overlays", directory);
        if (!Files.isDirectory(repositoryRoot.resolve(relative))) {
            throw new IllegalStateException("overlay " + relative + " does not exist in " + repositoryRoot);
        }
        return RequiredTool.KUBECTL.run(repositoryRoot, "kustomize", relative.toString()).outputOrFail();
    }
}
