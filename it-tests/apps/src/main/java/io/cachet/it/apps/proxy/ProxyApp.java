package io.cachet.it.apps.proxy;

import io.cachet.it.apps.Counters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * JDK dynamic proxies without any framework, one command per line answering {@code OK <result>}
 * or {@code EX <exception>} like ScenarioApp: {@code quote|price|symbols <arg>} on a proxy whose
 * handler answers by itself, {@code fwd.quote <arg>} on a proxy forwarding to
 * {@link BankQuotes}, {@code supplier} on a proxy of a JDK interface, {@code proxyClass}, and
 * {@code count <name>}.
 */
public final class ProxyApp {

    private ProxyApp() {
    }

    public static void main(String[] args) throws Exception {
        ClassLoader loader = ProxyApp.class.getClassLoader();
        InvocationHandler answering = (proxy, method, a) -> {
            Counters.inc("handler." + method.getName());
            switch (method.getName()) {
                case "quote": return "quote:" + a[0];
                case "price": return Optional.of((Integer) a[0] * 100);
                case "symbols": return List.of(a[0] + "A", a[0] + "B");
                default: return method.invoke(proxy, a);
            }
        };
        Quotes quotes = (Quotes) Proxy.newProxyInstance(loader, new Class<?>[] {Quotes.class}, answering);
        BankQuotes bank = new BankQuotes();
        Quotes forwarding = (Quotes) Proxy.newProxyInstance(loader, new Class<?>[] {Quotes.class, Runnable.class},
                (proxy, method, a) -> {
                    Counters.inc("forward." + method.getName());
                    return method.invoke(bank, a);
                });
        @SuppressWarnings("unchecked")
        Supplier<String> supplier = (Supplier<String>) Proxy.newProxyInstance(loader, new Class<?>[] {Supplier.class},
                (proxy, method, a) -> "supplied:" + Counters.inc("supplier.get"));

        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("exit")) {
            String[] p = line.trim().split(" ");
            try {
                Object r;
                switch (p[0]) {
                    case "quote": r = quotes.quote(p[1]); break;
                    case "price": r = quotes.price(Integer.parseInt(p[1])); break;
                    case "symbols": r = quotes.symbols(p[1]); break;
                    case "fwd.quote": r = forwarding.quote(p[1]); break;
                    case "supplier": r = supplier.get(); break;
                    case "proxyClass": r = quotes.getClass().getName(); break;
                    case "count": r = Counters.get(p[1]); break;
                    default: throw new IllegalArgumentException("unknown command " + p[0]);
                }
                out.println("OK " + r);
            } catch (Throwable t) {
                out.println("EX " + t);
            }
        }
    }
}
