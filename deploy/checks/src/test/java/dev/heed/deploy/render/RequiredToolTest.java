package dev.heed.deploy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequiredToolTest {

    @Test
    void aMissingToolFailsNamingItAndHowToInstallIt() {
        RequiredTool missing = new RequiredTool("heed-no-such-tool", "apt-get install heed-no-such-tool");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> missing.run(Path.of("."), "--version"));
        assertTrue(e.getMessage().startsWith("heed-no-such-tool is not on the PATH"), e.getMessage());
        assertTrue(e.getMessage().endsWith("apt-get install heed-no-such-tool"), e.getMessage());
    }

    @Test
    void theToolsTheChecksNeedArePresent() {
        assertEquals("kubectl", RequiredTool.KUBECTL.locate().getFileName().toString());
        assertEquals("promtool", RequiredTool.PROMTOOL.locate().getFileName().toString());
    }

    @Test
    void aFailingToolCarriesItsOutput() {
        RequiredTool.Result result = RequiredTool.KUBECTL.run(Path.of("."), "kustomize", "no-such-directory");
        assertTrue(!result.succeeded());
        IllegalStateException e = assertThrows(IllegalStateException.class, result::outputOrFail);
        assertTrue(e.getMessage().contains("no-such-directory"), e.getMessage());
    }

    @Test
    void kustomizeWarningsStayOutOfTheRenderedYaml(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "commonLabels: {a: b}\nresources: [cm.yaml]\n");
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        RequiredTool.Result result = RequiredTool.KUBECTL.run(dir, "kustomize", ".");
        assertTrue(result.errors().contains("commonLabels"), result.errors());
        assertTrue(result.outputOrFail().startsWith("apiVersion: v1"), result.output());
    }
}
