package dev.passk.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Device;
import dev.passk.policy.Policy;
import dev.passk.tasks.InterferenceBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmStartedPolicyTest {

  @Test
  void warmStartsOnceAndLoadsTheCachedFolderAfterwards(@TempDir Path cache) throws Exception {
    InterferenceBenchmark task = InterferenceBenchmark.paperDefaults();
    Path folder = WarmStartedPolicy.obtain(cache, task, 20, 3, Device.cpu());
    assertEquals(cache.resolve("interference-warm20-lrdecay-seed3"), folder);
    var written = Files.getLastModifiedTime(folder.resolve(Policy.WEIGHTS));
    assertEquals(folder, WarmStartedPolicy.obtain(cache, task, 20, 3, Device.cpu()));
    assertEquals(written, Files.getLastModifiedTime(folder.resolve(Policy.WEIGHTS)));
    assertEquals(1, Files.list(cache).count(), "no temporary folder left behind");
    try (Policy warm = Policy.load(folder, Device.cpu());
        Policy fresh = Policy.tiny(3, Device.cpu())) {
      var answer = List.of(warm.encode("s=+0.50?", "A"));
      assertNotEquals(fresh.logprobs(answer).get(0).sum(), warm.logprobs(answer).get(0).sum(),
          "the warm start changed the weights");
    }
  }
}
