package dev.nemotron.runtime.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoggingDownloadListenerTest {

    @Test
    void theProgressLineGivesPercentRateAndTimeLeft() {
        DownloadProgress progress = new DownloadProgress("rotorquant-gguf-q4_k_m", "m-Q4_K_M.gguf",
                13_900_000_000L, 33_100_000_000L, 85_300_000, Duration.ofSeconds(192));

        assertThat(LoggingDownloadListener.describe(progress)).isEqualTo(
                "Downloading rotorquant-gguf-q4_k_m: 42.0% of 33.1 GB, 85.3 MB/s, 3m 12s left (m-Q4_K_M.gguf)");
    }

    @Test
    void beforeAnyBytesArriveTheTimeLeftIsUnknown() {
        DownloadProgress progress = new DownloadProgress("x", "f", 0, 5_000_000, 0, null);

        assertThat(LoggingDownloadListener.describe(progress))
                .isEqualTo("Downloading x: 0.0% of 5.0 MB, 0.0 MB/s, time left unknown (f)");
    }

    @Test
    void durationsReadAsHoursMinutesAndSeconds() {
        assertThat(LoggingDownloadListener.duration(Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(LoggingDownloadListener.duration(Duration.ofSeconds(3725))).isEqualTo("1h 02m");
    }
}
