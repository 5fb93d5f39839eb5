package dev.nemotron.samples.chat;

import java.time.Clock;
import java.time.ZonedDateTime;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.stereotype.Component;

/**
 * The tool the model may call: what time it is, which it cannot know by itself.
 */
@Component
public class ClockTools {

    private final Clock clock;

    public ClockTools(Clock clock) {
        this.clock = clock;
    }

    @Tool(description = "The current date and time, in ISO-8601 with the time zone")
    public String currentTime() {
        return ZonedDateTime.now(this.clock).toString();
    }
}
