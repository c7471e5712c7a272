package io.cachet.agent.log;

/** Where the agent's lines go ({@code cachet.log.target}); never throws, never blocks for long. */
interface LogSink {

    void write(AgentLog.Level level, String message);
}
