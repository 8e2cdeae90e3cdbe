package dev.passk.tasks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Chooses a task by name from a spec such as {@code "addition"}, {@code "addition:digits=3"},
 * {@code "interference:hard-share=0.3,separation=0.8"} or
 * {@code "jsonl:file=data/gsm8k.jsonl,question=question,answer=answer"}. An unknown name or option
 * fails with a message listing the valid ones.
 */
public final class TaskCatalog {

  private record Entry(String help, Set<String> options, Function<Options, Task> create) {}

  private static final Map<String, Entry> ENTRIES = new TreeMap<>();

  static {
    for (ArithmeticTask.Operation operation : ArithmeticTask.Operation.values()) {
      ENTRIES.put(operation.taskName(), new Entry("digits=2", Set.of("digits"),
          o -> new ArithmeticTask(operation, o.integer("digits", 2))));
    }
    ENTRIES.put(InterferenceBenchmark.NAME, new Entry(
        "hard-share=0.2,separation=1.0,sd=0.5,bins=21",
        Set.of("hard-share", "separation", "sd", "bins"),
        o -> new InterferenceBenchmark(o.real("hard-share", 0.2), o.real("separation", 1.0),
            o.real("sd", 0.5), o.integer("bins", 21))));
    ENTRIES.put(JsonlTask.NAME, new Entry(
        "file=PATH,question=question,answer=answer,marker=####,verifier=math",
        Set.of("file", "question", "answer", "marker", "verifier"),
        o -> JsonlTask.load(Path.of(o.required("file")), o.text("question", "question"),
            o.text("answer", "answer"), o.text("marker", JsonlTask.GSM8K_MARKER),
            o.text("verifier", "math-answer"))));
  }

  private TaskCatalog() {}

  /** The valid task names. */
  public static Set<String> names() {
    return ENTRIES.keySet();
  }

  /**
   * Builds the task a spec names: {@code name} or {@code name:key=value,key=value}.
   *
   * @throws IllegalArgumentException for an unknown name or option, listing the valid ones
   */
  public static Task create(String spec) {
    int colon = spec.indexOf(':');
    String name = (colon < 0 ? spec : spec.substring(0, colon)).trim();
    Entry entry = ENTRIES.get(name);
    if (entry == null) {
      throw new IllegalArgumentException("unknown task '" + name + "'; valid tasks: " + usage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (colon >= 0 && colon < spec.length() - 1) {
      for (String pair : spec.substring(colon + 1).split(",")) {
        String[] keyValue = pair.split("=", 2);
        String key = keyValue[0].trim();
        if (keyValue.length != 2 || !entry.options().contains(key)) {
          throw new IllegalArgumentException("task '" + name + "': bad option '" + pair
              + "'; valid options (with defaults): " + entry.help());
        }
        values.put(key, keyValue[1].trim());
      }
    }
    return entry.create().apply(new Options(name, values));
  }

  /** Every task with its options and defaults, one per line. */
  public static String usage() {
    StringBuilder text = new StringBuilder();
    ENTRIES.forEach((name, entry) -> text.append("\n  ").append(name).append(':').append(entry.help()));
    return text.toString();
  }

  /** The options of one spec, parsed with clear errors. */
  private record Options(String task, Map<String, String> values) {

    String text(String key, String fallback) {
      return values.getOrDefault(key, fallback);
    }

    String required(String key) {
      String value = values.get(key);
      if (value == null) {
        throw new IllegalArgumentException("task '" + task + "' needs option " + key + "=...");
      }
      return value;
    }

    int integer(String key, int fallback) {
      String value = values.get(key);
      try {
        return value == null ? fallback : Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "task '" + task + "': " + key + " must be an integer, got '" + value + "'");
      }
    }

    double real(String key, double fallback) {
      String value = values.get(key);
      try {
        return value == null ? fallback : Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "task '" + task + "': " + key + " must be a number, got '" + value + "'");
      }
    }
  }
}
