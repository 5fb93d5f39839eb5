package dev.nemotron.samples.chat;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Starts the chat sample: {@code POST /chat}, {@code GET /chat/stream} and a page at {@code /}, on localhost.
 */
@SpringBootApplication
public class ChatSampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChatSampleApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
