package dev.nemotron.runtime.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StopSequenceMatcherTest {

    /** What a generation loop would pass on, and the stop it ended with. */
    record Outcome(String text, String stop) {
    }

    static Outcome run(List<String> stops, List<String> pieces) {
        StopSequenceMatcher matcher = new StopSequenceMatcher(stops);
        StringBuilder text = new StringBuilder();
        for (String piece : pieces) {
            StopSequenceMatcher.Step step = matcher.accept(piece);
            text.append(step.text());
            if (step.stopped()) {
                return new Outcome(text.toString(), step.stop());
            }
        }
        return new Outcome(text.append(matcher.finish()).toString(), null);
    }

    @Test
    void withoutStopSequencesEverythingPassesAtOnce() {
        StopSequenceMatcher matcher = new StopSequenceMatcher(List.of());

        assertThat(matcher.accept("Hello <")).isEqualTo(new StopSequenceMatcher.Step("Hello <", null));
    }

    @Test
    void textBeforeTheStopIsPassedOnAndTheStopIsReported() {
        StopSequenceMatcher matcher = new StopSequenceMatcher(List.of("END"));

        assertThat(matcher.accept("Hello END world")).isEqualTo(new StopSequenceMatcher.Step("Hello ", "END"));
    }

    @Test
    void possibleStartOfAStopIsHeldBackUntilDecided() {
        StopSequenceMatcher matcher = new StopSequenceMatcher(List.of("END"));

        assertThat(matcher.accept("Hello E").text()).isEqualTo("Hello ");
        assertThat(matcher.accept("N").text()).isEmpty();
        assertThat(matcher.accept("d").text()).isEqualTo("ENd");
        assertThat(matcher.accept(" E").text()).isEqualTo(" ");
        assertThat(matcher.accept("ND").stop()).isEqualTo("END");
    }

    @Test
    void heldTextIsReleasedWhenGenerationEndsWithoutAStop() {
        StopSequenceMatcher matcher = new StopSequenceMatcher(List.of("END"));

        assertThat(matcher.accept("The EN").text()).isEqualTo("The ");
        assertThat(matcher.finish()).isEqualTo("EN");
    }

    @Test
    void stopCompletedFirstWinsOverOneStartedEarlier() {
        assertThat(run(List.of("xyz", "y"), List.of("axyz"))).isEqualTo(new Outcome("ax", "y"));
    }

    @Test
    void ofStopsCompletedByTheSameCharacterTheLongerWins() {
        assertThat(run(List.of("b", "ab"), List.of("cab"))).isEqualTo(new Outcome("c", "ab"));
    }

    @Test
    void repeatedPrefixCharactersAreFoundAsInAPlainSearch() {
        assertThat(run(List.of("aab"), List.of("aaab!"))).isEqualTo(new Outcome("a", "aab"));
    }

    @Test
    void resultDoesNotDependOnWhereTheTextIsCut() {
        List<String> stops = List.of("</answer>", "\n\nUser:", "an");
        for (String text : List.of("Sure </ans </answer> more", "Line\n\nUse\n\nUser: hi", "no stop here </a",
                "plain ban")) {
            Outcome whole = run(stops, List.of(text));
            for (int i = 0; i <= text.length(); i++) {
                assertThat(run(stops, List.of(text.substring(0, i), text.substring(i))))
                        .as("%s split at %d", text, i).isEqualTo(whole);
            }
            List<String> chars = new ArrayList<>();
            text.chars().forEach(c -> chars.add(String.valueOf((char) c)));
            assertThat(run(stops, chars)).as("%s char by char", text).isEqualTo(whole);
        }
    }

    @Test
    void stopSpreadOverThreePiecesIsFoundAndNothingAfterItPasses() {
        assertThat(run(List.of("</end>"), List.of("Hello </", "e", "nd> rest")))
                .isEqualTo(new Outcome("Hello ", "</end>"));
    }

    @Test
    void textReleasedAtAnInterruptionCannotCompleteAStopLater() {
        StopSequenceMatcher matcher = new StopSequenceMatcher(List.of("END"));

        assertThat(matcher.accept("a EN").text()).isEqualTo("a ");
        assertThat(matcher.finish()).isEqualTo("EN");
        assertThat(matcher.accept("D").text()).isEqualTo("D");
    }

    @Test
    void emptyStopSequenceIsRejected() {
        assertThatThrownBy(() -> new StopSequenceMatcher(List.of("ok", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("stop sequence 1 is empty");
    }

    @Test
    void readingPastAStopIsRejected() {
        StopSequenceMatcher matcher = new StopSequenceMatcher(List.of("x"));
        matcher.accept("x");

        assertThatThrownBy(() -> matcher.accept("y")).isInstanceOf(IllegalStateException.class);
    }
}
