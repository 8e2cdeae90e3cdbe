package dev.passk.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskCatalogTest {

  @Test
  void listsEveryBuiltInTask() {
    assertEquals(Set.of("addition", "subtraction", "multiplication", "modular", "interference",
        "jsonl"), TaskCatalog.names());
  }

  @Test
  void optionsReachTheTask() {
    ArithmeticTask task = assertInstanceOf(ArithmeticTask.class, TaskCatalog.create("modular:digits=3"));
    assertEquals("modular", task.name());
    assertEquals(3, task.digits());
    assertEquals(2, ((ArithmeticTask) TaskCatalog.create("addition")).digits());
    InterferenceBenchmark benchmark = assertInstanceOf(InterferenceBenchmark.class,
        TaskCatalog.create("interference:bins=11,hard-share=0.5"));
    assertEquals(11, benchmark.bins());
  }

  @Test
  void jsonlTakesItsFileFromTheSpec(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("d.jsonl"), "{\"q\": \"x\", \"a\": \"#### 5\"}\n");
    Prompt p = TaskCatalog.create("jsonl:file=" + file + ",question=q,answer=a").prompt(1, 0);
    assertEquals("5", p.answer());
    assertEquals("math-answer", p.verifier());
  }

  @Test
  void unknownNamesAndOptionsFailListingTheValidOnes() {
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
        () -> TaskCatalog.create("division"));
    assertTrue(name.getMessage().contains("addition:digits=2"), name.getMessage());
    assertTrue(name.getMessage().contains("interference:hard-share"), name.getMessage());
    IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
        () -> TaskCatalog.create("addition:digitz=3"));
    assertTrue(option.getMessage().contains("digits=2"), option.getMessage());
    IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
        () -> TaskCatalog.create("addition:digits=two"));
    assertTrue(number.getMessage().contains("integer"), number.getMessage());
    IllegalArgumentException file = assertThrows(IllegalArgumentException.class,
        () -> TaskCatalog.create("jsonl"));
    assertTrue(file.getMessage().contains("file="), file.getMessage());
  }
}
