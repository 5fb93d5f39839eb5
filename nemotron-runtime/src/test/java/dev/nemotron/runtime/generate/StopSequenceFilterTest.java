package dev.nemotron.runtime.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StopSequenceFilterTest {

    @Test
    void holdsBackAPossibleStartOfAStopSequenceAndCutsBeforeIt() {
        StopSequenceFilter filter = new StopSequenceFilter(List.of("</end>"));
        assertThat(filter.accept("Hello </")).isEqualTo("Hello ");
        assertThat(filter.accept("e")).isEmpty();
        assertThat(filter.accept("nd> rest")).isEmpty();
        assertThat(filter.stopped()).isTrue();
        assertThat(filter.finish()).isEmpty();
    }

    @Test
    void releasesHeldTextWhenItTurnsOutNotToBeAStop() {
        StopSequenceFilter filter = new StopSequenceFilter(List.of("STOP"));
        assertThat(filter.accept("a ST")).isEqualTo("a ");
        assertThat(filter.accept("ar")).isEqualTo("STar");
        assertThat(filter.accept(" S")).isEqualTo(" ");
        assertThat(filter.finish()).isEqualTo("S");
        assertThat(filter.stopped()).isFalse();
    }
}
