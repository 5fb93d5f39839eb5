package dev.nemotron.spring.ai.testing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.runtime.chat.ChatListener;
import dev.nemotron.runtime.chat.ChatRequest;
import dev.nemotron.runtime.chat.ChatResult;
import dev.nemotron.runtime.chat.ChatUsage;
import dev.nemotron.runtime.chat.FinishReason;
import dev.nemotron.runtime.chat.ToolCall;

/**
 * A {@link ChatEngine} that plays back scripted turns, one token per step, polling cancellation before every
 * token as the real engine does. It records the requests it received and the tokens it generated.
 */
public final class ScriptedChatEngine implements ChatEngine {

    private final Deque<Turn> turns = new ArrayDeque<>();

    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    private final List<String> generatingThreads = new CopyOnWriteArrayList<>();

    private final AtomicInteger tokensGenerated = new AtomicInteger();

    private final AtomicBoolean closed = new AtomicBoolean();

    private final CountDownLatch finished = new CountDownLatch(1);

    private volatile Semaphore tokenPermits;

    private volatile Function<ChatRequest, Turn> script = request -> nextTurn();

    private volatile FinishReason lastFinishReason;

    /** Appends a turn; each {@link #chat} call plays the next one, the last one repeats. */
    public ScriptedChatEngine turn(Turn turn) {
        this.turns.add(turn);
        return this;
    }

    /** Chooses each turn by looking at the request, instead of playing the appended turns in order. */
    public ScriptedChatEngine answering(Function<ChatRequest, Turn> script) {
        this.script = script;
        return this;
    }

    /** Makes every token wait for a permit of {@code permits}, so a test can hold generation at a token. */
    public ScriptedChatEngine gatedBy(Semaphore permits) {
        this.tokenPermits = permits;
        return this;
    }

    @Override
    public synchronized ChatResult chat(ChatRequest request, ChatListener listener) {
        this.requests.add(request);
        this.generatingThreads.add(Thread.currentThread().getName());
        try {
            return play(this.script.apply(request), request, listener);
        }
        finally {
            this.finished.countDown();
        }
    }

    private Turn nextTurn() {
        return this.turns.size() > 1 ? this.turns.poll() : this.turns.peek();
    }

    private ChatResult play(Turn turn, ChatRequest request, ChatListener listener) {
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        Integer maxTokens = request.options().maxTokens();
        int generated = 0;
        FinishReason finishReason = turn.hasToolCalls() ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        for (Step step : turn.steps()) {
            if (listener.isCancelled()) {
                finishReason = FinishReason.CANCELLED;
                break;
            }
            if (maxTokens != null && generated == maxTokens) {
                finishReason = FinishReason.LENGTH;
                break;
            }
            waitForPermit();
            generated++;
            this.tokensGenerated.incrementAndGet();
            if (!request.thinking() && step.kind() == Kind.REASONING) {
                continue;
            }
            switch (step.kind()) {
                case REASONING -> {
                    reasoning.append(step.text());
                    listener.onReasoning(step.text());
                }
                case CONTENT -> {
                    content.append(step.text());
                    listener.onContent(step.text());
                }
                case TOOL_CALL -> {
                    calls.add(step.call());
                    listener.onToolCall(step.call());
                }
            }
        }
        this.lastFinishReason = finishReason;
        ChatUsage usage = new ChatUsage(turn.promptTokens(), turn.cachedPromptTokens(), generated,
                turn.promptDuration(), turn.generationDuration());
        return new ChatResult(content.toString(), reasoning.toString(), calls, finishReason, usage);
    }

    private void waitForPermit() {
        Semaphore permits = this.tokenPermits;
        if (permits != null) {
            permits.acquireUninterruptibly();
        }
    }

    public List<ChatRequest> requests() {
        return this.requests;
    }

    public List<String> generatingThreads() {
        return this.generatingThreads;
    }

    public int tokensGenerated() {
        return this.tokensGenerated.get();
    }

    /** Waits until the first {@link #chat} call has returned and tells how it ended. */
    public FinishReason awaitFirstFinish() throws InterruptedException {
        this.finished.await();
        return this.lastFinishReason;
    }

    public boolean isClosed() {
        return this.closed.get();
    }

    @Override
    public String describe() {
        return "scripted nemotron_h_moe test engine";
    }

    @Override
    public int contextLength() {
        return 4096;
    }

    @Override
    public void close() {
        this.closed.set(true);
    }

    enum Kind {
        REASONING, CONTENT, TOOL_CALL
    }

    record Step(Kind kind, String text, ToolCall call) {
    }

    /**
     * One scripted completion: the tokens, and the usage the engine reports for it.
     *
     * @param steps              one token each
     * @param promptTokens       reported prompt tokens
     * @param cachedPromptTokens reported cached prompt tokens
     * @param promptDuration     reported prompt evaluation time
     * @param generationDuration reported generation time
     */
    public record Turn(List<Step> steps, int promptTokens, int cachedPromptTokens, Duration promptDuration,
            Duration generationDuration) {

        public static Turn of(int promptTokens, Duration promptDuration, Duration generationDuration) {
            return new Turn(List.of(), promptTokens, 0, promptDuration, generationDuration);
        }

        public Turn reasoning(String... tokens) {
            return with(Kind.REASONING, tokens);
        }

        public Turn content(String... tokens) {
            return with(Kind.CONTENT, tokens);
        }

        public Turn toolCall(String id, String name, Map<String, Object> arguments) {
            List<Step> all = new ArrayList<>(this.steps);
            all.add(new Step(Kind.TOOL_CALL, "", new ToolCall(id, name, arguments)));
            return new Turn(all, this.promptTokens, this.cachedPromptTokens, this.promptDuration,
                    this.generationDuration);
        }

        public Turn cachedPromptTokens(int cached) {
            return new Turn(this.steps, this.promptTokens, cached, this.promptDuration, this.generationDuration);
        }

        boolean hasToolCalls() {
            return this.steps.stream().anyMatch(step -> step.kind() == Kind.TOOL_CALL);
        }

        private Turn with(Kind kind, String... tokens) {
            List<Step> all = new ArrayList<>(this.steps);
            for (String token : tokens) {
                all.add(new Step(kind, token, null));
            }
            return new Turn(all, this.promptTokens, this.cachedPromptTokens, this.promptDuration,
                    this.generationDuration);
        }
    }
}
