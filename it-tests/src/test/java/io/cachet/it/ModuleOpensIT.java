package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cached method of a named module whose result's class is in a package the module neither
 * exports nor opens. The log names the {@code --add-opens} that lets the codec read it; a JVM
 * started with exactly that option caches the method (entries written and served).
 */
class ModuleOpensIT extends RedisBackedTest {

    private static final Pattern ADD_OPENS = Pattern.compile("--add-opens (\\S+=ALL-UNNAMED)");

    private static final Map<String, String> SOURCES = Map.of(
            "module-info.java", "module acme.stock { exports acme.stock.api; }",
            "acme/stock/api/Inventory.java", String.join("\n",
                    "package acme.stock.api;",
                    "public final class Inventory {",
                    "    public static int runs;",
                    "    public Object level(String sku) {",
                    "        runs++;",
                    "        return new acme.stock.internal.Level(sku, sku.length() * 10);",
                    "    }",
                    "}"),
            "acme/stock/internal/Level.java", String.join("\n",
                    "package acme.stock.internal;",
                    "public final class Level {",
                    "    private final String sku;",
                    "    private final int units;",
                    "    public Level(String sku, int units) { this.sku = sku; this.units = units; }",
                    "    @Override public String toString() { return sku + '=' + units; }",
                    "}"),
            "acme/stock/api/StockApp.java", String.join("\n",
                    "package acme.stock.api;",
                    "import java.io.*;",
                    "public final class StockApp {",
                    "    public static void main(String[] args) throws IOException {",
                    "        Inventory inventory = new Inventory();",
                    "        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));",
                    "        String line;",
                    "        while ((line = in.readLine()) != null && !line.equals(\"exit\")) {",
                    "            String[] p = line.split(\" \");",
                    "            System.out.println(\"OK \" + (p[0].equals(\"count\") ? Inventory.runs : inventory.level(p[1])));",
                    "        }",
                    "    }",
                    "}"));

    @TempDir
    static Path dir;

    private static Path compile() throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        if (Files.isDirectory(classes)) {
            return classes;
        }
        List<String> args = new ArrayList<>(List.of("-d", classes.toString()));
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(new String[0]))).as("javac").isZero();
        return classes;
    }

    private static AgentJvm start(String prefix, Path classes, String... jvmArgs) {
        AgentJvm.Builder b = AgentJvm.builder().redis(redis, prefix)
                .sysProp("cachet.cache.level.method", "acme.stock.api.Inventory#level")
                .sysProp("cachet.redis.timeout", "2s");
        for (String a : jvmArgs) {
            b.jvmArg(a);
        }
        return b.launching("--module-path", classes.toString(), "-m", "acme.stock/acme.stock.api.StockApp").start().awaitConnected();
    }

    @Test
    void theAddOpensTheLogSuggestsMakesTheMethodCached() throws Exception {
        Path classes = compile();
        String option;
        try (AgentJvm closed = start("modclosed", classes)) {
            assertThat(closed.call("level abc")).isEqualTo("abc=30");
            String warn = closed.awaitLog("Inventory#level(String) runs uncached from now on");
            assertThat(warn).contains("module acme.stock does not open acme.stock.internal");
            Matcher m = ADD_OPENS.matcher(warn);
            assertThat(m.find()).as("the log names the option").isTrue();
            option = m.group(1);
            assertThat(option).isEqualTo("acme.stock/acme.stock.internal=ALL-UNNAMED");
            assertThat(resp.keys("modclosed:cachet:*")).isEmpty();
        }
        try (AgentJvm opened = start("modopen", classes, "--add-opens", option)) {
            assertThat(opened.call("level abc")).isEqualTo("abc=30");
            awaitKey("modopen:cachet:Inventory.level:abc");
            assertThat(opened.call("level abc")).isEqualTo("abc=30");
            assertThat(opened.call("count")).as("the second call is served from the cache").isEqualTo("1");
            assertThat(opened.logText()).doesNotContain("runs uncached", "did not decode");
        }
    }
}
