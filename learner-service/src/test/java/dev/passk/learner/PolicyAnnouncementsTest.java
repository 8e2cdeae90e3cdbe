package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.passk.policy.CheckpointArchive;
import dev.passk.policy.Policy;
import dev.passk.schemas.PolicyVersion;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyAnnouncementsTest {

  @TempDir Path dir;

  private Path folder(String weights) throws Exception {
    Path f = Files.createDirectories(dir.resolve("cp-" + weights.length()));
    Files.writeString(f.resolve(Policy.CONFIG), "{}");
    Files.writeString(f.resolve(Policy.WEIGHTS), weights);
    Files.writeString(f.resolve(Policy.TOKENIZER), "{\"t\":1}");
    return f;
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aSmallCheckpointTravelsInlineAndItsHashIsOfTheWeights() throws Exception {
    Path folder = folder("weights");
    PolicyVersion v = new PolicyAnnouncements(dir.resolve("store"), 1 << 20).announce("run", 5, folder, CheckpointArchive.read(folder), 42);
    assertEquals("run", v.getRunId());
    assertEquals(5, v.getVersion());
    assertEquals(42, v.getCreatedAtMillis());
    assertEquals(sha256("weights"), v.getSha256());
    Path unpacked = dir.resolve("unpacked");
    ByteBuffer inline = v.getInlineCheckpoint();
    byte[] zip = new byte[inline.remaining()];
    inline.get(zip);
    CheckpointArchive.unzip(zip, unpacked);
    CheckpointArchive.verify(unpacked, v.getSha256());
  }

  @Test
  void aLargeCheckpointIsCopiedIntoTheStoreAndAnnouncedByUri() throws Exception {
    Path folder = folder("large weights");
    PolicyVersion v = new PolicyAnnouncements(dir.resolve("store"), 10).announce("run", 3, folder, CheckpointArchive.read(folder), 0);
    assertNull(v.getInlineCheckpoint());
    Path stored = Path.of(URI.create(v.getCheckpointUri()));
    assertEquals(dir.resolve("store").resolve("v3-" + sha256("large weights").substring(0, 16)), stored);
    CheckpointArchive.verify(stored, v.getSha256());
    assertArrayEquals(Files.readAllBytes(folder.resolve(Policy.TOKENIZER)), Files.readAllBytes(stored.resolve(Policy.TOKENIZER)));
    Files.writeString(folder.resolve(Policy.WEIGHTS), "other weights!");
    PolicyVersion redone = new PolicyAnnouncements(dir.resolve("store"), 10).announce("run", 3, folder, CheckpointArchive.read(folder), 0);
    CheckpointArchive.verify(Path.of(URI.create(redone.getCheckpointUri())), redone.getSha256());
    CheckpointArchive.verify(stored, v.getSha256()); // the first folder of version 3 is untouched
  }
}
