package com.acme.quotes;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The test protocol of it-tests/boot-app on Spring Boot 2.7: one line on standard output,
 * {@code READY port=N}, once requests are served; a line {@code exit} on standard input stops it.
 */
@SpringBootApplication
public class QuotesApplication {

    public static void main(String[] args) {
        PrintStream protocol = System.out;
        // Logback's console appender binds to System.out when it starts: only the protocol goes there.
        System.setOut(System.err);
        SpringApplication app = new SpringApplication(QuotesApplication.class);
        app.addListeners((ApplicationReadyEvent ready) -> {
            int port = ((WebServerApplicationContext) ready.getApplicationContext()).getWebServer().getPort();
            protocol.println("READY port=" + port);
            protocol.flush();
        });
        ConfigurableApplicationContext context = app.run(args);
        Thread stdin = new Thread(() -> awaitExit(context), "quotes-stdin");
        stdin.setDaemon(true);
        stdin.start();
    }

    @Bean
    ApplicationRunner seed(QuoteRepository quotes) {
        return args -> quotes.saveAll(List.of(new Quote(1L, "ACME", 1250), new Quote(2L, "INIT", 990)));
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
