package dev.passk.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.schemas.Prompt;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromptCheckTest {

  private final PromptCheck check = new PromptCheck(8, 20);

  @Test
  void acceptsAWellFormedPromptOfAKnownTaskWithOrWithoutOptions() {
    assertEquals(Optional.empty(), check.problem(prompt("addition", "12+30=", 8)));
    assertEquals(Optional.empty(), check.problem(prompt("addition:digits=3", "12+30=", 1)));
  }

  @Test
  void namesWhatIsWrong() {
    assertTrue(check.problem(prompt("no-such-task", "1+1=", 2)).orElseThrow().startsWith("unknown task 'no-such-task'"));
    assertTrue(check.problem(prompt("addition", "1+1=", 9)).orElseThrow().contains("9 samples asked"));
    assertTrue(check.problem(prompt("addition", "1+1=", 0)).orElseThrow().startsWith("malformed prompt: samples"));
    assertTrue(check.problem(prompt("addition", "x".repeat(21), 1)).orElseThrow().contains("21 characters"));
    Prompt noId = Prompt.newBuilder(prompt("addition", "1+1=", 1)).setPromptId(" ").build();
    assertTrue(check.problem(noId).orElseThrow().startsWith("malformed prompt: runId and promptId"));
  }

  private static Prompt prompt(String task, String text, int samples) {
    return Prompt.newBuilder(VersionRulesTest.prompt("run", 0)).setTask(task).setText(text).setSamples(samples).build();
  }
}
