package dev.passk.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.passk.policy.CheckpointArchive;
import dev.passk.policy.CheckpointArchive.CheckpointException;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.schemas.PolicyVersion;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLoaderTest {

  @TempDir Path tmp;

  @Test
  void loadsAnInlineOrFolderCheckpointWithTheSameWeightsAndCleansUpTheUnpackedCopy() throws Exception {
    Path dir = tmp.resolve("ckpt");
    List<String> expected;
    try (Policy original = Policy.tiny(3, Device.cpu())) {
      original.save(dir);
      expected = texts(original);
    }
    String sha = CheckpointArchive.sha256(dir);
    Path work = tmp.resolve("work");
    CheckpointLoader loader = new CheckpointLoader(work, Device.cpu());
    try (Policy inline = loader.load(announcement(sha, "", CheckpointArchive.zip(dir)))) {
      assertEquals(expected, texts(inline));
    }
    try (java.util.stream.Stream<Path> files = Files.list(work)) {
      assertEquals(0, files.count(), "the unpacked copy is deleted after loading");
    }
    try (Policy byUri = loader.load(announcement(sha, dir.toUri().toString(), null));
        Policy byPath = loader.load(announcement(sha, dir.toString(), null))) {
      assertEquals(expected, texts(byUri));
      assertEquals(expected, texts(byPath));
    }
  }

  @Test
  void refusesAWrongHashAMissingFolderAndAnUnsupportedScheme() throws Exception {
    Path dir = tmp.resolve("ckpt");
    try (Policy original = Policy.tiny(3, Device.cpu())) {
      original.save(dir);
    }
    CheckpointLoader loader = new CheckpointLoader(tmp.resolve("work"), Device.cpu());
    String wrong = "0".repeat(64);
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> loader.load(announcement(wrong, "", CheckpointArchive.zip(dir))));
    assertTrue(e.getMessage().contains("sha256") && e.getMessage().contains(wrong), e.getMessage());
    assertThrows(CheckpointException.class, () -> loader.load(announcement(wrong, dir.toString(), null)));
    assertThrows(CheckpointException.class,
        () -> loader.load(announcement(CheckpointArchive.sha256(dir), tmp.resolve("absent").toString(), null)));
    CheckpointException http = assertThrows(CheckpointException.class,
        () -> loader.load(announcement(wrong, "https://store.example/ckpt", null)));
    assertTrue(http.getMessage().contains("https"), http.getMessage());
  }

  static PolicyVersion announcement(String sha, String uri, byte[] inline) {
    return PolicyVersion.newBuilder().setRunId("r").setVersion(1).setCheckpointUri(uri).setSha256(sha)
        .setInlineCheckpoint(inline == null ? null : ByteBuffer.wrap(inline)).setCreatedAtMillis(0).build();
  }

  private static List<String> texts(Policy policy) {
    return policy.sample(List.of("12+34="), 4, new SamplingSettings(1, 1, 6), 7).get(0).stream()
        .map(c -> java.util.Arrays.toString(c.tokenIds())).toList();
  }
}
