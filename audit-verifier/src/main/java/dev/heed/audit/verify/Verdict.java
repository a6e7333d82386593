package dev.heed.audit.verify;

import java.util.List;

/**
 * What a verification found. {@code checked} says what held; {@code failures} what did not, each
 * naming the entry, head or proof concerned. Valid only when nothing failed.
 */
public record Verdict(List<String> checked, List<String> failures, List<String> warnings) {

    public Verdict {
        checked = List.copyOf(checked);
        failures = List.copyOf(failures);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return failures.isEmpty();
    }
}
