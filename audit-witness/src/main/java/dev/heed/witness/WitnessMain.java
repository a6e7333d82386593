package dev.heed.witness;

import dev.heed.audit.verify.TreeHeadSignature;
import dev.heed.audit.verify.c2sp.NoteKeys;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code java -jar heed-witness.jar keygen NAME DIR} writes a witness key pair and prints its
 * vkey; {@code java -jar heed-witness.jar serve CONFIG} runs the witness. CONFIG is a properties
 * file: {@code name} (the cosigner name, e.g. {@code witness.example.com/w1}), {@code key-file},
 * {@code public-key-file}, {@code state-dir}, {@code listen} (host:port) and one {@code log.<n>}
 * per log it witnesses, holding the log's vkey (its name is the log's origin).
 */
public final class WitnessMain {

    private WitnessMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("keygen")) {
            System.out.println(keygen(args[1], Path.of(args[2])));
        } else if (args.length == 2 && args[0].equals("serve")) {
            WitnessServer server = serve(load(Path.of(args[1])));
            System.out.println("witness listening on port " + server.port());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        } else {
            System.err.println("usage: heed-witness keygen NAME DIR | heed-witness serve CONFIG");
            System.exit(2);
        }
    }

    /** Writes {@code witness-key.pem} (owner-only) and {@code witness-public-key.pem}; yields the vkey. */
    public static String keygen(String name, Path dir) throws IOException {
        KeyPair pair = TreeHeadSignature.generate();
        Files.createDirectories(dir);
        Path key = dir.resolve("witness-key.pem");
        Files.writeString(key, TreeHeadSignature.toPem(pair.getPrivate()));
        try {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's permissions protect it.
        }
        Files.writeString(dir.resolve("witness-public-key.pem"), TreeHeadSignature.toPem(pair.getPublic()));
        return NoteKeys.vkey(name, NoteKeys.COSIGNATURE_V1, pair.getPublic());
    }

    public static Properties load(Path file) throws IOException {
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            config.load(in);
        }
        return config;
    }

    /** Starts a witness as configured; the caller closes it. */
    public static WitnessServer serve(Properties config) throws IOException {
        String name = required(config, "name");
        PrivateKey key = TreeHeadSignature.privateKeyFromPem(Files.readString(Path.of(required(config, "key-file"))));
        PublicKey publicKey = TreeHeadSignature.publicKeyFromPem(
                Files.readString(Path.of(required(config, "public-key-file"))));
        Map<String, NoteKeys.Verifier> logs = new HashMap<>();
        Map<String, String> byHash = new HashMap<>();
        for (String property : config.stringPropertyNames()) {
            if (property.startsWith("log.")) {
                NoteKeys.Verifier log = NoteKeys.parseVkey(config.getProperty(property));
                if (log.type() != NoteKeys.ED25519) {
                    throw new IllegalArgumentException(property + ": a log's vkey is an Ed25519 note key (type 1)");
                }
                logs.put(log.name(), log);
                byHash.put(CheckpointStore.originHash(log.name()), log.name());
            }
        }
        if (logs.isEmpty()) {
            throw new IllegalArgumentException("no log.<n> configured: the witness would cosign nothing");
        }
        Witness witness = new Witness(name, key, publicKey, logs,
                new CheckpointStore(Path.of(required(config, "state-dir"))), Clock.systemUTC());
        String[] listen = config.getProperty("listen", "0.0.0.0:8090").split(":");
        WitnessServer server = new WitnessServer(witness, byHash,
                new InetSocketAddress(listen[0], Integer.parseInt(listen[1])));
        server.start();
        return server;
    }

    private static String required(Properties config, String name) {
        String value = config.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the witness configuration lacks " + name);
        }
        return value.strip();
    }
}
