package io.cachet.agent.cli;

import io.cachet.agent.log.AgentLog;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar cachet-agent.jar <command> ...}: picks the command, runs it, and turns every
 * failure into one line on standard error and a non-zero exit status (2: bad arguments,
 * 1: the JVM or Redis could not be reached or refused).
 */
public final class CommandLine {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar cachet-agent.jar <command> [options]",
            "",
            "  attach <pid> [config=/path,key=value,...]   load Cachet into a running JVM",
            "  detach <pid>                                 restore a JVM's original classes",
            "  stats <pid>                                  per-cache statistics of a running JVM (over JMX)",
            "  evict --tag T | --cache C [--key K]          evict as @Evicts does (bumps version counters in Redis)",
            "  inspect --cache C [--scan N] [--sample N]    estimate a cache's entries with a bounded SCAN; sample keys",
            "",
            "evict and inspect read the agent's configuration: --config /path/cachet.properties, else",
            "-Dcachet.config, CACHET_CONFIG and the CACHET_* variables, as the agent does.",
            "--key is the key part as it appears in Redis (cachet:<cache>:<key part>); --tag a rendered tag (user:42).");

    /** Thrown for arguments that do not make a command: exit status 2. */
    static final class BadArguments extends RuntimeException {
        BadArguments(String message) {
            super(message);
        }
    }

    /** Thrown when the target cannot be reached or refuses: exit status 1. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    interface Command {
        void run(Options options, PrintStream out) throws Exception;
    }

    private static final Map<String, Command> COMMANDS = Map.of(
            "stats", new StatsCommand(),
            "evict", new EvictCommand(),
            "inspect", new InspectCommand());

    private CommandLine() {
    }

    /** @return the exit status */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        // The agent's own log lines (connecting, retrying) would only repeat what the command reports.
        AgentLog.setThreshold(AgentLog.Level.ERROR);
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("cachet: unknown command '" + args[0] + "' (try --help)");
            return 2;
        }
        try {
            command.run(Options.parse(Arrays.copyOfRange(args, 1, args.length)), out);
            return 0;
        } catch (BadArguments e) {
            err.println("cachet " + args[0] + ": " + e.getMessage() + " (try --help)");
            return 2;
        } catch (Failure e) {
            err.println("cachet " + args[0] + ": " + e.getMessage());
            return 1;
        } catch (Exception | LinkageError e) {
            err.println("cachet " + args[0] + ": " + Failures.oneLine(e));
            return 1;
        }
    }
}
