package dev.passk.verifiers.builtin;

/**
 * Finds the last number written in free text, scanning backwards from the end so a 10 MB completion
 * costs only the distance from its last digit.
 *
 * <p>A number here is {@code [-]digits[,ddd...][.digits][e[+-]digits][/same]}: thousands separators
 * are dropped when every group has three digits ({@code 1,234} is 1234; in {@code 1,2} the last number
 * is 2); a minus counts when it does not follow a digit or letter ({@code 5-3} ends with 3, not -3).
 */
final class NumberScanner {

  private NumberScanner() {
  }

  /** The last number's text, normalised for {@link ExactNumber#parse}; null if there is none. */
  static String lastNumber(CharSequence text) {
    int end = text.length() - 1;
    while (end >= 0 && !isDigit(text.charAt(end))) {
      end--;
    }
    if (end < 0) {
      return null;
    }
    int start = end;
    while (start > 0) {
      char c = text.charAt(start - 1);
      boolean joins = isDigit(c)
          || ((c == '.' || c == ',' || c == '/') && start - 2 >= 0 && isDigit(text.charAt(start - 2)) && isDigit(text.charAt(start)))
          || ((c == 'e' || c == 'E') && start - 2 >= 0 && isDigit(text.charAt(start - 2)))
          || ((c == '-' || c == '+') && start - 2 >= 0 && (text.charAt(start - 2) == 'e' || text.charAt(start - 2) == 'E')
              && start - 3 >= 0 && isDigit(text.charAt(start - 3)));
      if (!joins || end - start > 2 * ExactNumber.MAX_LITERAL_CHARS) {
        break;
      }
      start--;
    }
    if (start > 0 && text.charAt(start - 1) == '-'
        && (start < 2 || !Character.isLetterOrDigit(text.charAt(start - 2)))) {
      start--;
    }
    return withoutThousandsSeparators(text.subSequence(start, end + 1).toString());
  }

  /** {@code 1,234,567} -> {@code 1234567}; {@code 1,2} -> {@code 2} (a list, not a separator). */
  static String withoutThousandsSeparators(String number) {
    if (number.indexOf(',') < 0) {
      return number;
    }
    String[] groups = number.split(",", -1);
    boolean thousands = groups[0].replace("-", "").length() <= 3 && !groups[0].contains(".");
    for (int i = 1; i < groups.length && thousands; i++) {
      String digits = groups[i].split("[./eE]", 2)[0];
      thousands = digits.length() == 3 && (i == groups.length - 1 || groups[i].length() == 3);
    }
    return thousands ? number.replace(",", "") : groups[groups.length - 1];
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
