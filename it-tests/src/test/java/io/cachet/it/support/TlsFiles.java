package io.cachet.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A certificate authority made for one test run, a server certificate it signed for
 * {@code 127.0.0.1}, and a PKCS#12 trust store holding the authority, for clients. Made with the
 * {@code openssl} command line (the test is skipped without it) and the JDK's {@code keytool}.
 */
public final class TlsFiles implements AutoCloseable {

    public static final String TRUST_STORE_PASSWORD = "cachet-test";

    public final Path dir;
    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path trustStore;

    private TlsFiles(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.crt");
        this.serverCert = dir.resolve("server.crt");
        this.serverKey = dir.resolve("server.key");
        this.trustStore = dir.resolve("truststore.p12");
    }

    public static TlsFiles create() {
        RedisNode.assume(TestRedis.onPath("openssl") != null, "needs the openssl command line to make the test's certificates");
        try {
            TlsFiles t = new TlsFiles(Files.createTempDirectory("cachet-tls-"));
            Files.writeString(t.dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            t.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Cachet test CA",
                    "-keyout", "ca.key", "-out", "ca.crt");
            t.run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                    "-keyout", "server.key", "-out", "server.csr");
            t.run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
            t.run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                    "-alias", "cachet-test-ca", "-file", "ca.crt", "-keystore", "truststore.p12", "-storetype", "PKCS12",
                    "-storepass", TRUST_STORE_PASSWORD);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code redis-server} arguments for a TLS port beside the plain one (which the test itself uses). */
    public List<String> serverArguments(int tlsPort) {
        return List.of("--tls-port", String.valueOf(tlsPort), "--tls-cert-file", serverCert.toString(),
                "--tls-key-file", serverKey.toString(), "--tls-ca-cert-file", caCert.toString(), "--tls-auth-clients", "no");
    }

    @Override
    public void close() {
        RedisNode.deleteTree(dir);
    }

    private void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
