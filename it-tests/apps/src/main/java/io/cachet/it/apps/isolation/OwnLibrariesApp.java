package io.cachet.it.apps.isolation;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.cachet.annotations.Cached;
import io.cachet.it.apps.Counters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.Version;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An application with its own Netty (4.1) and Kryo (4) on the class path, older than the
 * agent's (4.2 and 5, relocated). It uses both, and caches a method, and prints what it saw.
 */
public final class OwnLibrariesApp {

    private OwnLibrariesApp() {
    }

    @Cached
    static String lookup(String key) {
        return key + "#" + Counters.inc("lookup");
    }

    public static void main(String[] args) throws java.io.IOException {
        Kryo kryo = new Kryo();
        Output out = new Output(256);
        List<String> list = new ArrayList<>(List.of("own", "kryo"));
        kryo.writeClassAndObject(out, list);
        Object back = kryo.readClassAndObject(new Input(out.toBytes()));
        String kryoJar = Kryo.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        String kryoVersion = kryoJar.substring(kryoJar.lastIndexOf('/') + 1);

        ByteBuf buf = Unpooled.copiedBuffer("own netty", StandardCharsets.UTF_8);
        String nettyVersion = Version.identify().get("netty-buffer").artifactVersion();

        // The test sends a line once the agent has connected to Redis, and another once the
        // first result is stored there.
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        in.readLine();
        String first = lookup("k");
        System.out.println("first done");
        in.readLine();
        String second = lookup("k");
        System.out.println("kryo=" + kryoVersion + " roundtrip=" + back
                + " netty=" + nettyVersion + " buf=" + buf.toString(StandardCharsets.UTF_8)
                + " first=" + first + " second=" + second + " runs=" + Counters.get("lookup")
                + " agentKryoVisible=" + visible("io.cachet.shaded.com.esotericsoftware.kryo.Kryo")
                + " agentCoreVisible=" + visible("io.cachet.agent.AgentInstaller"));
    }

    private static boolean visible(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
