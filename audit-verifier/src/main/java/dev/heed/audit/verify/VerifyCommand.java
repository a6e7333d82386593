package dev.heed.audit.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar heed-verify.jar <bundle|inclusion|consistency> FILE [--key PUBLIC_KEY.pem]} and
 * {@code keygen DIR}. Exit status 0: verified; 1: verification failed; 2: the command was wrong.
 */
public final class VerifyCommand {

    static final int VERIFIED = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: java -jar heed-verify.jar bundle FILE [--key PUBLIC_KEY.pem]
                   java -jar heed-verify.jar inclusion FILE --key PUBLIC_KEY.pem
                   java -jar heed-verify.jar consistency FILE --key PUBLIC_KEY.pem
                   java -jar heed-verify.jar keygen DIR
              bundle       an evidence bundle from GET /api/v1/audit/evidence/...
              inclusion    an entry with its inclusion proof and signed tree head
              consistency  two signed tree heads and the consistency proof between them
              keygen       writes a new Ed25519 signing key (audit-signing-key.pem, mode 600)
                           and its public key (audit-public-key.pem) into DIR
            """;

    private VerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> arguments = Arrays.asList(args);
        if (arguments.size() < 2) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String command = arguments.get(0);
        Path file = Path.of(arguments.get(1));
        try {
            if (command.equals("keygen")) {
                return keygen(file, out);
            }
            PublicKey key = key(arguments);
            JsonNode document = new ObjectMapper().readTree(file.toFile());
            Verdict verdict = switch (command) {
                case "bundle" -> Evidence.bundle(document, key);
                case "inclusion" -> Evidence.inclusion(document, required(key));
                case "consistency" -> Evidence.consistency(document, required(key));
                default -> throw new UsageException("unknown command " + command);
            };
            verdict.checked().forEach(line -> out.println("ok    " + line));
            verdict.warnings().forEach(line -> out.println("note  " + line));
            verdict.failures().forEach(line -> out.println("FAIL  " + line));
            out.println(verdict.valid() ? "VERIFIED" : "NOT VERIFIED");
            return verdict.valid() ? VERIFIED : FAILED;
        } catch (UsageException | IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (IOException e) {
            err.println("cannot read " + e.getMessage());
            return USAGE;
        }
    }

    private static PublicKey key(List<String> arguments) throws IOException {
        int flag = arguments.indexOf("--key");
        if (flag < 0) {
            return null;
        }
        if (flag + 1 >= arguments.size()) {
            throw new UsageException("--key needs a PEM file");
        }
        return TreeHeadSignature.publicKeyFromPem(Files.readString(Path.of(arguments.get(flag + 1))));
    }

    private static PublicKey required(PublicKey key) {
        if (key == null) {
            throw new UsageException("this check needs the audit log's public key: --key PUBLIC_KEY.pem");
        }
        return key;
    }

    private static int keygen(Path directory, PrintStream out) throws IOException {
        Files.createDirectories(directory);
        KeyPair pair = TreeHeadSignature.generate();
        Path privateKey = directory.resolve("audit-signing-key.pem");
        Path publicKey = directory.resolve("audit-public-key.pem");
        Files.writeString(privateKey, TreeHeadSignature.toPem(pair.getPrivate()));
        try {
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            out.println("note  set the permissions of " + privateKey + " by hand");
        }
        Files.writeString(publicKey, TreeHeadSignature.toPem(pair.getPublic()));
        out.println("key id " + TreeHeadSignature.keyId(pair.getPublic()) + ": " + privateKey + ", " + publicKey);
        return VERIFIED;
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
