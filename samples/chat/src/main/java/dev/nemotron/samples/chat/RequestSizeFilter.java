package dev.nemotron.samples.chat;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Rejects a request body larger than {@code sample.chat.max-request-size} before it is read (413), and a body of
 * unknown length (411), which could otherwise be of any size.
 */
@Component
public class RequestSizeFilter extends OncePerRequestFilter {

    private final ChatLimits limits;

    private final JsonMapper json;

    public RequestSizeFilter(ChatLimits limits, JsonMapper json) {
        this.limits = limits;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        long max = this.limits.maxRequestSize().toBytes();
        if (length > max) {
            reject(response, HttpStatus.CONTENT_TOO_LARGE, "The request body has " + length + " bytes; at most " + max
                    + " are accepted (sample.chat.max-request-size).");
        }
        else if (length < 0 && hasBody(request)) {
            reject(response, HttpStatus.LENGTH_REQUIRED, "Send the request body with a Content-Length.");
        }
        else {
            chain.doFilter(request, response);
        }
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getHeader("Transfer-Encoding") != null;
    }

    private void reject(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        this.json.writeValue(response.getOutputStream(), new ChatErrors.ChatError(message));
    }
}
