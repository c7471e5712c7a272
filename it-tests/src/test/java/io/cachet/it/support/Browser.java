package io.cachet.it.support;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver HTTP protocol (no Selenium: the
 * few calls a test needs are plain JSON over HTTP).
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The W3C key under which an element reference is returned. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final HttpClient http = HttpClient.newHttpClient();
    private final Process driver;
    private final Path profile;
    private final String base;
    private final String session;

    private Browser(Process driver, Path profile, String base) throws Exception {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
        Awaitility.await("chromedriver ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> send("GET", "/status", null).contains("\"ready\":true"));
        String args = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--user-data-dir=" + profile).stream()
                .map(a -> "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").reduce((a, b) -> a + "," + b).orElseThrow();
        String created = send("POST", "/session", "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\","
                + "\"goog:chromeOptions\":{\"binary\":\"" + CHROMIUM + "\",\"args\":[" + args + "]}}}}");
        this.session = field(created, "sessionId");
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public static Browser start() throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        int port = Http.freePort();
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return new Browser(driver, profile, "http://127.0.0.1:" + port);
        } catch (Exception | AssertionError e) {
            driver.destroy();
            throw e;
        }
    }

    public void open(String url) throws Exception {
        send("POST", "/session/" + session + "/url", "{\"url\":\"" + url + "\"}");
    }

    /** The element matching {@code css}, waiting for the page's script to render it. */
    public String find(String css) {
        String[] found = new String[1];
        Awaitility.await("element " + css).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String r = send("POST", "/session/" + session + "/element",
                    "{\"using\":\"css selector\",\"value\":\"" + css.replace("\"", "\\\"") + "\"}");
            Matcher m = Pattern.compile("\"" + ELEMENT + "\"\\s*:\\s*\"([^\"]+)\"").matcher(r);
            if (m.find()) {
                found[0] = m.group(1);
                return true;
            }
            return false;
        });
        return found[0];
    }

    public String text(String css) throws Exception {
        return field(send("GET", "/session/" + session + "/element/" + find(css) + "/text", null), "value");
    }

    public void click(String css) throws Exception {
        send("POST", "/session/" + session + "/element/" + find(css) + "/click", "{}");
    }

    public void type(String css, String text) throws Exception {
        send("POST", "/session/" + session + "/element/" + find(css) + "/value", "{\"text\":\"" + text + "\"}");
    }

    private String send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in WebDriver answer: " + json);
        }
        return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    @Override
    public void close() throws Exception {
        try {
            send("DELETE", "/session/" + session, null);
        } finally {
            driver.destroy();
            driver.waitFor();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
