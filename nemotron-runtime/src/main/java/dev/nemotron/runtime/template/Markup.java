package dev.nemotron.runtime.template;

/**
 * markupsafe's {@code Markup}, what jinja2's {@code safe} and {@code escape} filters return: a string that is
 * known to be safe HTML. It behaves as a string, except that whatever text it is combined with by {@code +},
 * {@code %}, {@code join}, {@code format} and the other string methods is HTML-escaped first, and methods
 * return {@code Markup} again. Without autoescaping (transformers' setting) printing and {@code ~} treat it
 * as plain text.
 */
record Markup(String text) {

    /** markupsafe's {@code escape}: a Markup stays as it is, anything else is converted to text and escaped. */
    static Markup escape(Object value) {
        return value instanceof Markup m ? m : new Markup(html(Py.str(value)));
    }

    /** The text of a string or Markup, escaped unless it is Markup already. */
    static String escapedText(Object value) {
        return value instanceof Markup m ? m.text() : html(Py.str(value));
    }

    static String html(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
