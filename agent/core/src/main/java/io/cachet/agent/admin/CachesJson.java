package io.cachet.agent.admin;

import io.cachet.agent.cache.CachedMethod;
import io.cachet.agent.cache.Caches;
import io.cachet.agent.metrics.AgentMetrics;
import io.cachet.agent.metrics.CacheStats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the status page shows, as JSON: the same getters the JMX beans answer with, so the page
 * and JConsole cannot disagree.
 */
final class CachesJson {

    private CachesJson() {
    }

    static String render(Caches caches, boolean adminEnabled) {
        Map<String, CachedMethod> methods = new HashMap<>();
        for (CachedMethod m : caches.all()) {
            methods.put(m.cacheName(), m);
        }
        StringBuilder out = new StringBuilder(1024);
        out.append("{\"adminEnabled\":").append(adminEnabled)
                .append(",\"circuitOpen\":").append(AgentMetrics.circuit().isOpen())
                .append(",\"tagEvictions\":").append(AgentMetrics.tagEvictions())
                .append(",\"caches\":[");
        List<CacheStats> all = AgentMetrics.all();
        for (int i = 0; i < all.size(); i++) {
            CacheBean b = new CacheBean(all.get(i));
            CachedMethod m = methods.get(b.getCacheName());
            out.append(i == 0 ? "{" : ",{");
            field(out, "name", b.getCacheName()).append(',');
            field(out, "method", m == null ? "" : m.displayName()).append(",\"tags\":[");
            List<String> tags = m == null ? List.of() : m.keys().tagTemplates();
            for (int t = 0; t < tags.size(); t++) {
                out.append(t == 0 ? "" : ",").append(string(tags.get(t)));
            }
            out.append("],\"calls\":").append(b.getCalls())
                    .append(",\"hitsL1\":").append(b.getHitsL1())
                    .append(",\"hitsL2\":").append(b.getHitsL2())
                    .append(",\"misses\":").append(b.getMisses())
                    .append(",\"hitRatio\":").append(b.getHitRatio())
                    .append(",\"timeSavedSeconds\":").append(b.getTimeSavedSeconds())
                    .append(",\"loadP50Millis\":").append(b.getLoadTimeP50Millis())
                    .append(",\"loadP99Millis\":").append(b.getLoadTimeP99Millis())
                    .append(",\"errors\":").append(b.getRedisErrors() + b.getCodecErrors() + b.getTemplateErrors())
                    .append(",\"bypasses\":").append(b.getBypasses())
                    .append(",\"shadowMismatches\":").append(b.getShadowMismatches())
                    .append('}');
        }
        return out.append("]}").toString();
    }

    private static StringBuilder field(StringBuilder out, String name, String value) {
        return out.append('"').append(name).append("\":").append(string(value));
    }

    /** A JSON string; also escapes {@code <}, so that no value can close a script element. */
    static String string(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
