package io.cachet.agent.cli;

import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.ConfigProblems;
import io.cachet.agent.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's configuration, read for a command from the same sources the agent reads
 * ({@code --config} standing for the agent argument {@code config=}), so that the command talks
 * to the Redis, with the key prefix, that the application uses.
 */
final class RedisSettings {

    private static final String COMMAND_TIMEOUT = "redis.timeout=5s";

    private RedisSettings() {
    }

    static CachetConfig read(Options options) {
        String file = options.get("config");
        if (file != null && !Files.isReadable(Path.of(file))) {
            throw new CommandLine.BadArguments("--config " + file + ": no readable file there");
        }
        Map<String, String> sysProps = new HashMap<>();
        System.getProperties().forEach((k, v) -> sysProps.put(String.valueOf(k), String.valueOf(v)));
        ConfigProblems problems = new ConfigProblems();
        // A path with a comma would split the argument string; -Dcachet.config carries it whole.
        if (file != null) {
            sysProps.put("cachet.config", file);
        }
        // The application's per-call deadline (100 ms by default) suits a hot path, not a fresh
        // JVM's first round trips: an operator's command may wait for its answer.
        CachetConfig config = CachetConfig.from(ConfigSources.merge(COMMAND_TIMEOUT, sysProps, System.getenv(), problems), problems);
        if (!config.redisConfigured()) {
            throw new CommandLine.BadArguments("no Redis configured: give --config with cachet.redis.address or cachet.redis.config"
                    + (problems.isEmpty() ? "" : " (configuration problems: " + String.join("; ", problems.all()) + ")"));
        }
        return config;
    }
}
