package com.acme.shop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A small shop on Spring Data JPA, written the way applications that cannot be edited are: no
 * Cachet types anywhere. Tests drive it over HTTP; standard output carries one line,
 * {@code READY port=N}, once the first request can be served, and a line {@code exit} on
 * standard input stops it. Everything else Spring and Hibernate print goes to standard error.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        PrintStream protocol = System.out;
        // Logback's console appender binds to System.out when it starts: point that at stderr so
        // that the protocol line is the only thing on stdout.
        System.setOut(System.err);
        if (Boolean.getBoolean("shop.greet-before-run")) {
            // Work done before Spring starts, as some mains do: a test caches it by a rule.
            System.err.println(greeting("shop"));
        }
        SpringApplication app = new SpringApplication(ShopApplication.class);
        app.addListeners((ApplicationReadyEvent ready) -> {
            int port = ((WebServerApplicationContext) ready.getApplicationContext()).getWebServer().getPort();
            protocol.println("READY port=" + port);
            protocol.flush();
        });
        ConfigurableApplicationContext context = app.run(args);
        Thread stdin = new Thread(() -> awaitExit(context), "shop-stdin");
        stdin.setDaemon(true);
        stdin.start();
    }

    static String greeting(String who) {
        return "hello, " + who;
    }

    private static void awaitExit(ConfigurableApplicationContext context) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.trim().equals("exit")) {
                // only "exit" is understood
            }
        } catch (Exception ignored) {
            // stdin closed: the parent is gone
        }
        System.exit(SpringApplication.exit(context));
    }
}
