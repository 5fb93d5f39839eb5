package dev.nemotron.samples.chat;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.nemotron.spring.ai.NemotronBusyException;
import dev.nemotron.spring.ai.NemotronPromptTooLongException;

/**
 * Turns the errors a client can act on into a status and a JSON message instead of a stack trace: its own bad
 * input and a prompt too long for the context into 400, a busy model into 503 with a retry hint.
 */
@RestControllerAdvice
public class ChatErrors {

    /** Any error answer of the sample. */
    public record ChatError(String error) {
    }

    @ExceptionHandler(InvalidChatRequestException.class)
    ResponseEntity<ChatError> invalid(InvalidChatRequestException ex) {
        return badRequest(new ChatError(ex.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ChatError> unreadable(HttpMessageNotReadableException ex) {
        return badRequest(new ChatError("The request body is not a JSON object like {\"message\": \"Hello\"}."));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ChatError> missingParameter(MissingServletRequestParameterException ex) {
        return badRequest(new ChatError("The parameter " + ex.getParameterName() + " is missing."));
    }

    @ExceptionHandler(NemotronPromptTooLongException.class)
    ResponseEntity<ChatError> promptTooLong(NemotronPromptTooLongException ex) {
        return badRequest(of(ex));
    }

    // JSON even when the client asked for an event stream: the error happens before the stream begins.
    private static ResponseEntity<ChatError> badRequest(ChatError error) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(error);
    }

    /** The message of an error a stream ends with, which the client sees as a {@code failure} event. */
    static ChatError of(Throwable failure) {
        if (failure instanceof NemotronPromptTooLongException tooLong) {
            return new ChatError("The conversation is too long for the model: " + tooLong.getPromptTokens()
                    + " prompt tokens, and the context holds " + tooLong.getContextLength() + ".");
        }
        if (failure instanceof NemotronBusyException) {
            return new ChatError("The model is busy with other requests; try again later.");
        }
        return new ChatError("The answer could not be generated: " + failure.getMessage());
    }

    @ExceptionHandler(NemotronBusyException.class)
    ResponseEntity<ChatError> busy(NemotronBusyException ex) {
        long retryAfter = Math.max(1, ex.getAdmissionTimeout().toSeconds());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter))
            .contentType(MediaType.APPLICATION_JSON)
            .body(new ChatError("The model is busy with other requests; try again in " + retryAfter + " s."));
    }
}
