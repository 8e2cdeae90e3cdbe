package dev.passk.verifiers.builtin;

import java.util.regex.Pattern;

/**
 * Rewrites a short math answer into a canonical string, so that answers written differently compare
 * equal as text, or as numbers via {@link ExactNumber}. Steps, in order:
 * <ol>
 *   <li>drop math delimiters ({@code $ \( \) \[ \]}), {@code \displaystyle}, {@code \left}/{@code \right},
 *       spacing ({@code \, \; \! \quad ~}), degrees ({@code ^\circ}, {@code °}), {@code \$} and {@code {,}};</li>
 *   <li>percent: {@code 50\%} becomes {@code 50} and is flagged, so it also equals 0.5;</li>
 *   <li>{@code \text{...}}-like groups: a unit after a number ({@code 5\text{ cm}}) is dropped, any other
 *       text is unwrapped ({@code \text{yes}} is {@code yes});</li>
 *   <li>{@code \dfrac}/{@code \tfrac}/{@code \frac{a}{b}} and {@code \frac12} become {@code a/b} (arguments
 *       that are not a single token are parenthesised), {@code \sqrt2} becomes {@code \sqrt{2}};</li>
 *   <li>a plain unit word after a number ({@code 12 dollars}) is dropped; {@code x = 5} becomes {@code 5};</li>
 *   <li>whitespace removed; thousands separators in a number removed ({@code 1,000} is 1000, {@code 1,2}
 *       stays a list); a final period, a leading {@code +} and one pair of outer braces removed;
 *       {@code (B)} becomes {@code B}.</li>
 * </ol>
 * Nesting deeper than {@value #MAX_DEPTH} and broken LaTeX (a {@code \frac} missing an argument) are left
 * as they are: such answers still compare as text, never throw.
 */
final class LatexNormalizer {

  /** The canonical text, and whether the answer was a percentage. */
  record Normalized(String text, boolean percent) {
  }

  static final int MAX_DEPTH = 50;

  /** Removed outright, longest first where one is a prefix of another. */
  private static final String[] REMOVED = {
      "\\$", "$", "\\(", "\\)", "\\[", "\\]", "\\displaystyle", "\\left.", "\\right.", "\\!", "\\,", "\\;", "\\:",
      "\\qquad", "\\quad", "^{\\circ}", "^\\circ", "\\circ", "\\degree", "°", "{,}"};
  private static final String[] TEXT_COMMANDS = {
      "\\text", "\\textbf", "\\textit", "\\textrm", "\\mathrm", "\\mathbf", "\\mbox", "\\operatorname"};
  private static final Pattern LEFT_RIGHT = Pattern.compile("\\\\(?:left|right)(?![a-zA-Z])");
  private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*\\\\?[a-zA-Z][a-zA-Z0-9_{}]{0,10}\\s*=\\s*([^=]+)$");

  private LatexNormalizer() {
  }

  static Normalized normalize(String answer) {
    String s = answer;
    for (String token : REMOVED) {
      if (s.contains(token)) {
        s = s.replace(token, "");
      }
    }
    if (s.contains("\\left") || s.contains("\\right")) {
      s = LEFT_RIGHT.matcher(s).replaceAll("");
    }
    s = s.replace("\\ ", " ").replace('~', ' ').replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac");
    boolean percent = s.contains("%");
    if (percent) {
      s = s.replace("\\%", "").replace("%", "");
    }
    s = unwrapText(s);
    s = rewrite(s, 0).strip();
    s = dropUnitWord(s);
    var assignment = ASSIGNMENT.matcher(s);
    if (assignment.matches()) {
      s = assignment.group(1);
    }
    s = removeWhitespace(s);
    s = withoutThousandsSeparators(s);
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.length() >= 2 && s.charAt(0) == '{' && AnswerExtractor.matchingBrace(s, 0) == s.length() - 1) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.length() == 3 && s.charAt(0) == '(' && s.charAt(2) == ')' && Character.isLetter(s.charAt(1))) {
      s = s.substring(1, 2); // (B) -> B
    }
    return new Normalized(s, percent);
  }

  /** {@code 5\text{ cm}} -> {@code 5}; {@code \text{yes}} -> {@code yes}; an unbalanced group is left alone. */
  private static String unwrapText(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    for (String command : TEXT_COMMANDS) {
      int at;
      int from = 0;
      while ((at = s.indexOf(command + "{", from)) >= 0) {
        int open = at + command.length();
        int close = AnswerExtractor.matchingBrace(s, open);
        if (close < 0) {
          break;
        }
        String before = s.substring(0, at).strip();
        boolean unit = !before.isEmpty() && NumberScanner.isDigit(before.charAt(before.length() - 1));
        String replacement = unit ? " " : " " + s.substring(open + 1, close) + " ";
        s = s.substring(0, at) + replacement + s.substring(close + 1);
        from = at + replacement.length();
      }
    }
    return s;
  }

  /** {@code \frac{a}{b}} -> {@code a/b} or {@code (a)/(b)}; {@code \sqrt x} -> {@code \sqrt{x}}; recursive in arguments. */
  private static String rewrite(String s, int depth) {
    if (depth > MAX_DEPTH || s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      boolean frac = s.startsWith("\\frac", i) && !followedByLetter(s, i + 5);
      boolean sqrt = s.startsWith("\\sqrt", i) && !followedByLetter(s, i + 5);
      if (!frac && !sqrt) {
        out.append(s.charAt(i++));
        continue;
      }
      int[] first = argument(s, i + 5);
      int[] second = frac && first != null ? argument(s, first[2]) : null;
      if (first == null || (frac && second == null)) {
        out.append(s, i, s.length()); // broken LaTeX: keep the rest as text
        break;
      }
      String a = rewrite(s.substring(first[0], first[1]), depth + 1).strip();
      if (frac) {
        String b = rewrite(s.substring(second[0], second[1]), depth + 1).strip();
        out.append(atomic(a) ? a : "(" + a + ")").append('/').append(atomic(b) ? b : "(" + b + ")");
        i = second[2];
      } else {
        out.append("\\sqrt{").append(a).append('}');
        i = first[2];
      }
    }
    return out.toString();
  }

  /** {start, end, next} of the argument at {@code p}: a braced group, a command, or one character; null if none. */
  private static int[] argument(String s, int p) {
    while (p < s.length() && s.charAt(p) == ' ') {
      p++;
    }
    if (p >= s.length() || s.charAt(p) == '}') {
      return null;
    }
    if (s.charAt(p) == '{') {
      int close = AnswerExtractor.matchingBrace(s, p);
      return close < 0 ? null : new int[] {p + 1, close, close + 1};
    }
    if (s.charAt(p) == '\\') {
      int end = p + 1;
      while (end < s.length() && Character.isLetter(s.charAt(end))) {
        end++;
      }
      return new int[] {p, end, end};
    }
    return new int[] {p, p + 1, p + 1};
  }

  private static boolean followedByLetter(String s, int i) {
    return i < s.length() && Character.isLetter(s.charAt(i));
  }

  /** A single token that needs no parentheses in a/b: an optional minus then letters, digits or a point. */
  private static boolean atomic(String s) {
    int start = s.startsWith("-") ? 1 : 0;
    if (s.length() == start) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** {@code 12 dollars} -> {@code 12}, {@code 3.5 m^2} -> {@code 3.5}: a number then words of two or more letters. */
  private static String dropUnitWord(String s) {
    int space = s.indexOf(' ');
    if (space < 0 || ExactNumber.parse(NumberScanner.withoutThousandsSeparators(s.substring(0, space))) == null) {
      return s;
    }
    String rest = s.substring(space).strip();
    int letters = 0;
    while (letters < rest.length() && Character.isLetter(rest.charAt(letters))) {
      letters++;
    }
    if (letters < 2) {
      return s;
    }
    for (int i = letters; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (!Character.isLetterOrDigit(c) && " ^/.".indexOf(c) < 0) {
        return s;
      }
    }
    return s.substring(0, space);
  }

  private static String removeWhitespace(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        if (out == null) {
          out = new StringBuilder(s.length()).append(s, 0, i);
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  /** Commas removed only from a lone number whose groups after the first have three digits. */
  private static String withoutThousandsSeparators(String s) {
    if (s.indexOf(',') < 0) {
      return s;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!NumberScanner.isDigit(c) && c != ',' && c != '.' && c != '-') {
        return s;
      }
    }
    String without = NumberScanner.withoutThousandsSeparators(s);
    return without.length() == s.length() - count(s, ',') ? without : s;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      n += s.charAt(i) == c ? 1 : 0;
    }
    return n;
  }
}
