package dev.passk.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prompts from a JSON-lines dataset such as GSM8K or MATH: one object a line with a question field
 * and an answer field. Where the answer holds the final-answer marker (GSM8K writes the worked
 * solution, then {@code "#### 72"}), the reference answer is the text after the last marker and the
 * demonstration is the whole solution. Stream {@code seed} visits the records in a seeded
 * permutation and repeats it after the last record.
 */
public final class JsonlTask implements Task {

  public static final String NAME = "jsonl";
  /** GSM8K's final-answer marker. */
  public static final String GSM8K_MARKER = "####";

  private record Example(String question, String solution, String answer) {}

  private final Path file;
  private final List<Example> examples;
  private final String verifier;
  private final Map<Long, int[]> orders = new ConcurrentHashMap<>();

  private JsonlTask(Path file, List<Example> examples, String verifier) {
    this.file = file;
    this.examples = examples;
    this.verifier = verifier;
  }

  /**
   * Reads {@code file}.
   *
   * @param questionField the field holding the prompt text, e.g. {@code "question"}
   * @param answerField the field holding the answer or worked solution, e.g. {@code "answer"}
   * @param finalAnswerMarker the marker before the final answer ({@value #GSM8K_MARKER}), or the
   *     empty string when the whole answer field is the reference answer
   * @param verifier the verifier name every prompt carries, e.g. {@code "math-answer"}
   * @throws IllegalArgumentException naming the line when a line is not an object with both fields
   */
  public static JsonlTask load(
      Path file, String questionField, String answerField, String finalAnswerMarker,
      String verifier) {
    ObjectMapper json = new ObjectMapper();
    List<Example> examples = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = json.readTree(line);
        String question = text(node, questionField, file, lineNumber);
        String solution = text(node, answerField, file, lineNumber);
        examples.add(new Example(question, solution, finalAnswer(solution, finalAnswerMarker)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JSON lines from " + file + ": " + e.getMessage(), e);
    }
    if (examples.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no JSON lines");
    }
    return new JsonlTask(file, List.copyOf(examples), verifier);
  }

  /** The text after the last {@code marker}, trimmed; the whole answer when the marker is absent. */
  static String finalAnswer(String solution, String marker) {
    int at = marker.isEmpty() ? -1 : solution.lastIndexOf(marker);
    return (at < 0 ? solution : solution.substring(at + marker.length())).trim();
  }

  private static String text(JsonNode node, String field, Path file, int lineNumber) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() && !value.isNumber()) {
      throw new IllegalArgumentException(
          file + " line " + lineNumber + ": expected a string field '" + field + "', found "
              + (node.isObject() ? "fields " + iterable(node.fieldNames()) : node.getNodeType()));
    }
    return value.asText();
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> list = new ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Number of records in the file. */
  public int size() {
    return examples.size();
  }

  @Override
  public Prompt prompt(long seed, long index) {
    int record = orders.computeIfAbsent(seed, this::permutation)[(int) (index % examples.size())];
    Example example = examples.get(record);
    return new Prompt(
        file.getFileName() + "-" + record, example.question(), example.answer(), verifier);
  }

  /** The worked solution when the file has one, else the reference answer. */
  @Override
  public String demonstration(Prompt prompt) {
    String id = prompt.id();
    return examples.get(Integer.parseInt(id.substring(id.lastIndexOf('-') + 1))).solution();
  }

  /** A Fisher-Yates shuffle of the record indices driven by {@code seed}. */
  private int[] permutation(long seed) {
    int[] order = new int[examples.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
