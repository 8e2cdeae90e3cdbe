package dev.passk.verifiers.builtin;

/**
 * Finds the final answer in a solution, trying in order (first found wins):
 * <ol>
 *   <li>the last {@code \boxed{...}} or {@code \fbox{...}} with balanced (nested) braces; an unbalanced
 *       one is skipped and the one before it tried;</li>
 *   <li>the rest of the line after the last {@code ####} (GSM8K style);</li>
 *   <li>the rest of the sentence after the last "answer is" or "answer:" (any case);</li>
 *   <li>the last number.</li>
 * </ol>
 * Every search runs backwards from the end or is a single forward brace scan, so cost is linear in the
 * completion and a 10 MB completion takes milliseconds.
 */
final class AnswerExtractor {

  /** The answer's text and which rule found it (for the result's detail). */
  record Extracted(String answer, String method) {
  }

  /** How many unbalanced {@code \boxed} to skip before giving up on boxes. */
  private static final int MAX_BOX_ATTEMPTS = 8;

  private AnswerExtractor() {
  }

  /** The final answer of {@code text}, or null when it has none. */
  static Extracted extract(String text) {
    String boxed = lastBoxed(text);
    if (boxed != null) {
      return new Extracted(boxed, "boxed");
    }
    int hashes = text.lastIndexOf("####");
    if (hashes >= 0) {
      return new Extracted(restOfLine(text, hashes + 4), "####");
    }
    int is = lastIndexOfIgnoreCase(text, "answer is");
    int colon = lastIndexOfIgnoreCase(text, "answer:");
    if (is >= 0 || colon >= 0) {
      int start = is > colon ? is + "answer is".length() : colon + "answer:".length();
      return new Extracted(sentence(restOfLine(text, start)), "answer is");
    }
    String number = NumberScanner.lastNumber(text);
    return number == null ? null : new Extracted(number, "last number");
  }

  static String lastBoxed(String text) {
    int from = text.length();
    for (int attempt = 0; attempt < MAX_BOX_ATTEMPTS && from >= 0; attempt++) {
      int boxed = text.lastIndexOf("\\boxed", from);
      int fbox = text.lastIndexOf("\\fbox", from);
      int at = Math.max(boxed, fbox);
      if (at < 0) {
        return null;
      }
      int p = at + (at == boxed ? "\\boxed".length() : "\\fbox".length());
      while (p < text.length() && text.charAt(p) == ' ') {
        p++;
      }
      if (p < text.length() && text.charAt(p) == '{') {
        int close = matchingBrace(text, p);
        if (close >= 0) {
          return text.substring(p + 1, close);
        }
      } else if (p > at + 5 && p < text.length() && text.charAt(p - 1) == ' ') { // "\boxed 5"
        int end = p;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '$') {
          end++;
        }
        return text.substring(p, end);
      }
      from = at - 1;
    }
    return null;
  }

  /** Index of the brace closing the one at {@code open}, skipping escaped braces; -1 if unbalanced. */
  static int matchingBrace(CharSequence text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++; // \{ and \} are literal braces
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String restOfLine(String text, int start) {
    int newline = text.indexOf('\n', start);
    return text.substring(start, newline < 0 ? text.length() : newline).strip();
  }

  /** Up to the first ". " and without a final period, markdown bold or colon: "**$3.5$**." -> "$3.5$". */
  private static String sentence(String line) {
    String s = line.startsWith(":") ? line.substring(1) : line;
    int stop = s.indexOf(". ");
    s = (stop < 0 ? s : s.substring(0, stop)).replace("**", "").strip();
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  static int lastIndexOfIgnoreCase(String text, String word) {
    char first = word.charAt(0);
    for (int i = text.length() - word.length(); i >= 0; i--) {
      char c = text.charAt(i);
      if ((c == first || Character.toLowerCase(c) == first) && text.regionMatches(true, i, word, 0, word.length())) {
        return i;
      }
    }
    return -1;
  }
}
