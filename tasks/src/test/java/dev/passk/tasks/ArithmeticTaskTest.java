package dev.passk.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.tasks.ArithmeticTask.Operation;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ArithmeticTaskTest {

  private static final Pattern EXPRESSION = Pattern.compile("(\\d+)([+*-])(\\d+)(?:%(\\d+))?=");

  /** Recomputes the answer from the text with BigInteger, independently of the task's code. */
  private static String recompute(String text) {
    Matcher m = EXPRESSION.matcher(text);
    assertTrue(m.matches(), text);
    BigInteger a = new BigInteger(m.group(1));
    BigInteger b = new BigInteger(m.group(3));
    BigInteger value = switch (m.group(2)) {
      case "+" -> a.add(b);
      case "-" -> a.subtract(b);
      default -> a.multiply(b);
    };
    return (m.group(4) == null ? value : value.mod(new BigInteger(m.group(4)))).toString();
  }

  @Test
  void everyOperationsAnswersMatchAnIndependentComputation() {
    for (Operation operation : Operation.values()) {
      for (int digits : new int[] {1, 3, 9}) {
        for (Prompt p : new ArithmeticTask(operation, digits).prompts(200, 7)) {
          assertEquals(recompute(p.text()), p.answer(), p.text());
          assertEquals(ArithmeticTask.VERIFIER, p.verifier());
          assertTrue(p.latent().isEmpty());
        }
      }
    }
  }

  @Test
  void operandsHaveAtMostTheRequestedDigitsAndReachIt() {
    List<Prompt> prompts = new ArithmeticTask(Operation.ADDITION, 2).prompts(500, 1);
    Set<Integer> longest = new HashSet<>();
    for (Prompt p : prompts) {
      String[] operands = p.text().replace("=", "").split("\\+");
      for (String operand : operands) {
        assertTrue(operand.length() <= 2, p.text());
        longest.add(operand.length());
      }
    }
    assertEquals(Set.of(1, 2), longest);
  }

  @Test
  void aSeedFixesTheStreamAndIndicesAreRandomAccess() {
    ArithmeticTask task = new ArithmeticTask(Operation.MULTIPLICATION, 4);
    List<Prompt> first = task.prompts(50, 11);
    assertEquals(first, task.prompts(50, 11));
    assertEquals(first.get(37), task.prompt(11, 37));
    assertNotEquals(first, task.prompts(50, 12));
    assertEquals(50, first.stream().map(Prompt::id).distinct().count());
  }

  @Test
  void demonstrationsAnswerTheirPrompt() {
    for (Demonstration d : new ArithmeticTask(Operation.SUBTRACTION, 2).demonstrations(20, 3)) {
      assertEquals(recompute(d.prompt().text()), d.completion());
    }
  }

  @Test
  void rejectsDigitsOutsideTheExactRange() {
    assertThrows(IllegalArgumentException.class, () -> new ArithmeticTask(Operation.ADDITION, 0));
    assertThrows(IllegalArgumentException.class, () -> new ArithmeticTask(Operation.ADDITION, 10));
  }
}
