package dev.passk.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlTaskTest {

  @TempDir Path dir;

  private Path write(String... lines) throws IOException {
    Path file = dir.resolve("data.jsonl");
    Files.write(file, List.of(lines));
    return file;
  }

  @Test
  void gsm8kFinalAnswerFollowsTheLastMarkerAndTheDemonstrationIsTheSolution() throws IOException {
    Path file = write(
        "{\"question\": \"Tom has 3 apples and buys 4. How many?\", \"answer\": \"3+4=7\\n#### 7\"}",
        "",
        "{\"question\": \"Q2\", \"answer\": \"a #### b #### 1,000 \"}");
    JsonlTask task = JsonlTask.load(file, "question", "answer", "####", "math");
    assertEquals(2, task.size());
    Set<String> answers = new HashSet<>();
    for (Prompt p : task.prompts(2, 3)) {
      answers.add(p.answer());
      assertEquals("math", p.verifier());
      if (p.answer().equals("7")) {
        assertEquals("Tom has 3 apples and buys 4. How many?", p.text());
        assertEquals("3+4=7\n#### 7", task.demonstration(p));
      }
    }
    assertEquals(Set.of("7", "1,000"), answers);
  }

  @Test
  void fieldNamesAreConfigurableAndAnEmptyMarkerKeepsTheWholeAnswer() throws IOException {
    Path file = write("{\"problem\": \"1+1\", \"solution\": \"2 #### 2\"}");
    Prompt p = JsonlTask.load(file, "problem", "solution", "", "exact").prompt(0, 0);
    assertEquals("1+1", p.text());
    assertEquals("2 #### 2", p.answer());
  }

  @Test
  void eachSeedVisitsEveryRecordOncePerPass() throws IOException {
    String[] lines = new String[10];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = "{\"question\": \"q" + i + "\", \"answer\": \"" + i + "\"}";
    }
    JsonlTask task = JsonlTask.load(write(lines), "question", "answer", "####", "math");
    List<Prompt> twoPasses = task.prompts(20, 4);
    assertEquals(10, new HashSet<>(twoPasses.subList(0, 10)).size());
    assertEquals(twoPasses.subList(0, 10), twoPasses.subList(10, 20));
    assertEquals(twoPasses, task.prompts(20, 4));
  }

  @Test
  void aMissingFieldNamesTheLineAndTheFieldsFound() throws IOException {
    Path file = write("{\"question\": \"q\", \"answer\": \"1\"}", "{\"question\": \"q\", \"ans\": \"1\"}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JsonlTask.load(file, "question", "answer", "####", "math"));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    assertTrue(e.getMessage().contains("'answer'"), e.getMessage());
    assertTrue(e.getMessage().contains("[question, ans]"), e.getMessage());
  }
}
