package io.cachet.it.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A forked application JVM with the real agent jar, driven line by line over stdin/stdout by
 * {@link io.cachet.it.apps.ScenarioApp} (or any main class speaking the same protocol). The
 * agent's log lines (stderr) are collected for assertions.
 *
 * <p>Its class path is the test applications' jar and the annotations jar, plus exactly the
 * {@linkplain Builder#libraries libraries} its test names: an application never sees JUnit,
 * Testcontainers or a library it does not use, as no real application would.
 */
public final class AgentJvm implements AutoCloseable {

    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader replies;
    /** The time that starts each of the agent's lines on standard error, left out of {@link #log()}. */
    private static final Pattern AGENT_LINE_TIME = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (?=\\[cachet\\] )");

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> rawLog = new CopyOnWriteArrayList<>();

    private AgentJvm(List<String> cmd, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("CACHET_"));
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread drain = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    rawLog.add(line);
                    log.add(AGENT_LINE_TIME.matcher(line).replaceFirst(""));
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "agent-jvm-stderr");
        drain.setDaemon(true);
        drain.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sends one command and returns the reply line without its {@code OK } prefix, or the whole {@code EX ...} line. */
    public String call(String command) {
        commands.println(command);
        try {
            String reply = replies.readLine();
            if (reply == null) {
                throw new IllegalStateException("the JVM ended; its log:\n" + String.join("\n", log));
            }
            return reply.startsWith("OK ") ? reply.substring(3) : reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The application's next line of output, for applications that print rather than answer commands. */
    public String readLine() {
        try {
            String line = replies.readLine();
            if (line == null) {
                throw new IllegalStateException("the JVM ended; its log:\n" + String.join("\n", log));
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times the application's method body {@code counter} has run. */
    public int count(String counter) {
        return Integer.parseInt(call("count " + counter));
    }

    public long pid() {
        return process.pid();
    }

    /** Ends the JVM the way a crash or {@code kill -9} does: no shutdown hooks, nothing released. */
    public void killHard() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Standard error's lines, the agent's without the time they start with. */
    public List<String> log() {
        return log;
    }

    /** Standard error's lines as written. */
    public List<String> rawLog() {
        return rawLog;
    }

    public String logText() {
        return String.join("\n", log);
    }

    /** Waits until a log line contains {@code fragment}; returns that line. */
    public String awaitLog(String fragment) {
        Awaitility.await("log line containing '" + fragment + "'").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20)).until(() -> log.stream().anyMatch(l -> l.contains(fragment)));
        return log.stream().filter(l -> l.contains(fragment)).findFirst().orElseThrow();
    }

    /** Waits until the agent has connected to Redis (it connects in the background). */
    public AgentJvm awaitConnected() {
        awaitLog("connected to Redis");
        return this;
    }

    /** Asks the application to end and waits: a thread the agent left non-daemon would keep it alive. */
    public int exit() {
        commands.println("exit");
        return waitForExit();
    }

    public int waitForExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the JVM did not exit; its log:\n" + logText());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            commands.println("exit");
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Options of one forked JVM. */
    public static final class Builder {
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> jvmArgsBeforeAgent = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> programArgs = new ArrayList<>();
        private String agentArgs;
        private boolean agent = true;
        private String mainClass = "io.cachet.it.apps.ScenarioApp";
        private String javaHome = System.getProperty("cachet.it.java.home");
        private boolean annotationsJar = true;
        private final List<String> extraClasspath = new ArrayList<>();
        private final List<String> libraries = new ArrayList<>();
        /** What to run instead of {@code -cp <the applications' class path> <mainClass>}. */
        private List<String> launch;

        /** Points the agent at {@code redis} and isolates keys under {@code prefix}. */
        public Builder redis(TestRedis redis, String prefix) {
            return sysProp("cachet.redis.address", redis.address()).sysProp("cachet.key.prefix", prefix);
        }

        /** Points the agent at the Redis at {@code address} and isolates keys under {@code prefix}. */
        public Builder redis(String address, String prefix) {
            return sysProp("cachet.redis.address", address).sysProp("cachet.key.prefix", prefix);
        }

        public Builder sysProp(String key, String value) {
            jvmArgs.add("-D" + key + "=" + value);
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** A JVM option placed before Cachet's {@code -javaagent} (another agent that must load first). */
        public Builder jvmArgBeforeAgent(String arg) {
            jvmArgsBeforeAgent.add(arg);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder agentArgs(String args) {
            this.agentArgs = args;
            return this;
        }

        public Builder withoutAgent() {
            this.agent = false;
            return this;
        }

        public Builder mainClass(String mainClass) {
            this.mainClass = mainClass;
            return this;
        }

        /** Leaves the cachet-annotations jar off the class path: an application with no Cachet types. */
        public Builder withoutAnnotationsJar() {
            this.annotationsJar = false;
            return this;
        }

        /** Runs this JVM on another JDK than the other forked JVMs. */
        public Builder javaHome(String home) {
            this.javaHome = home;
            return this;
        }

        public Builder programArg(String arg) {
            programArgs.add(arg);
            return this;
        }

        /**
         * Runs {@code launch} ({@code -jar app.jar}, {@code --module-path dir -m mod/Main}) instead of
         * {@link #mainClass} on the applications' class path.
         */
        public Builder launching(String... launch) {
            this.launch = List.of(launch);
            return this;
        }

        public Builder classpath(String entry) {
            extraClasspath.add(entry);
            return this;
        }

        /**
         * Puts these libraries on the application's class path, each named by its artifact id
         * ({@code h2}, {@code netty-buffer}): a test dependency of it-tests, copied by the build
         * to {@code target/jars} as {@code <artifactId>-<version>.jar}. A library's own dependencies are named too, as the application's
         * build would have resolved them.
         */
        public Builder libraries(String... artifactIds) {
            for (String artifactId : artifactIds) {
                libraries.add(jar(artifactId));
            }
            return this;
        }

        public AgentJvm start() {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(javaHome, "bin", "java").toString());
            cmd.add("-Xmx256m");
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.addAll(jvmArgsBeforeAgent);
            if (agent) {
                String jar = Path.of(System.getProperty("cachet.it.agent")).toAbsolutePath().toString();
                if (!Files.isRegularFile(Path.of(jar))) {
                    throw new IllegalStateException("no agent jar at " + jar + "; Maven copies the cachet-agent artifact there (mvn -B verify -pl it-tests -am)");
                }
                cmd.add("-javaagent:" + jar + (agentArgs == null ? "" : "=" + agentArgs));
            }
            cmd.addAll(jvmArgs);
            if (launch != null) {
                cmd.addAll(launch);
            } else {
                cmd.add("-cp");
                cmd.add(classpath());
                cmd.add(mainClass);
            }
            cmd.addAll(programArgs);
            return new AgentJvm(cmd, env);
        }

        private String classpath() {
            List<String> entries = new ArrayList<>(extraClasspath);
            entries.add(jar("cachet-it-apps"));
            if (annotationsJar) {
                entries.add(jar("cachet-annotations"));
            }
            entries.addAll(libraries);
            return String.join(File.pathSeparator, entries);
        }

        /** The one jar {@code <artifactId>-<version>.jar} the build copied to {@code target/jars}. */
        private static String jar(String artifactId) {
            Path jars = Path.of(System.getProperty("cachet.it.jars")).toAbsolutePath();
            Pattern name = Pattern.compile(Pattern.quote(artifactId) + "-\\d[^/]*\\.jar");
            try (Stream<Path> files = Files.list(jars)) {
                List<Path> found = files.filter(f -> name.matcher(f.getFileName().toString()).matches()).collect(Collectors.toList());
                if (found.size() != 1) {
                    throw new IllegalStateException("no single " + artifactId + " jar in " + jars + " but " + found
                            + "; the build copies it-tests' test dependencies there");
                }
                return found.get(0).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
