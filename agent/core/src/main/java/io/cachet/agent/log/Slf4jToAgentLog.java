package io.cachet.agent.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the agent's relocated SLF4J (Redisson logs through it). Without one,
 * SLF4J prints a "no providers" warning into the application's output; with the application's
 * own provider it would log through the application's framework. This one forwards errors
 * to {@link AgentLog} and everything else only when the agent log is at DEBUG.
 */
public final class Slf4jToAgentLog implements SLF4JServiceProvider {

    private final ILoggerFactory loggers = name -> new Forwarder(name);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    private static final class Forwarder extends AbstractLogger {
        private static final long serialVersionUID = 1L;

        Forwarder(String name) {
            this.name = name;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, org.slf4j.Marker marker, String pattern,
                                                   Object[] args, Throwable t) {
            String text = "redisson: " + MessageFormatter.basicArrayFormat(pattern, args) + (t == null ? "" : " (" + t + ")");
            if (level == Level.ERROR) {
                AgentLog.warn(text);
            } else {
                AgentLog.debug(text);
            }
        }

        @Override public boolean isTraceEnabled() { return false; }
        @Override public boolean isTraceEnabled(org.slf4j.Marker m) { return false; }
        @Override public boolean isDebugEnabled() { return AgentLog.isDebug(); }
        @Override public boolean isDebugEnabled(org.slf4j.Marker m) { return AgentLog.isDebug(); }
        @Override public boolean isInfoEnabled() { return AgentLog.isDebug(); }
        @Override public boolean isInfoEnabled(org.slf4j.Marker m) { return AgentLog.isDebug(); }
        @Override public boolean isWarnEnabled() { return AgentLog.isDebug(); }
        @Override public boolean isWarnEnabled(org.slf4j.Marker m) { return AgentLog.isDebug(); }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(org.slf4j.Marker m) { return true; }
    }
}
