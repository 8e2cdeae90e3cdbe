package dev.passk.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointArchiveTest {

  @TempDir Path dir;

  private Path fakeCheckpoint(Path folder, String weights) throws Exception {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve(Policy.CONFIG), "{}");
    Files.writeString(folder.resolve(Policy.WEIGHTS), weights);
    Files.writeString(folder.resolve(Policy.TOKENIZER), "{\"t\":1}");
    return folder;
  }

  @Test
  void sha256IsTheDigestOfTheWeightsFileComputedIndependently() throws Exception {
    Path ckpt = fakeCheckpoint(dir.resolve("a"), "weights-bytes");
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest("weights-bytes".getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, CheckpointArchive.sha256(ckpt));
    CheckpointArchive.verify(ckpt, expected.toUpperCase());
  }

  @Test
  void verifyRefusesAWrongHashAndNamesBothHashes() throws Exception {
    Path ckpt = fakeCheckpoint(dir.resolve("a"), "weights-bytes");
    var error = assertThrows(CheckpointArchive.CheckpointException.class,
        () -> CheckpointArchive.verify(ckpt, "00ff"));
    assertTrue(error.getMessage().contains("00ff"), error.getMessage());
    assertTrue(error.getMessage().contains(CheckpointArchive.sha256(ckpt)), error.getMessage());
  }

  @Test
  void zipRoundTripsTheThreeFiles() throws Exception {
    Path ckpt = fakeCheckpoint(dir.resolve("a"), "w".repeat(10_000));
    Path copy = dir.resolve("b");
    CheckpointArchive.unzip(CheckpointArchive.zip(ckpt), copy);
    for (String file : CheckpointArchive.FILES) {
      assertArrayEquals(Files.readAllBytes(ckpt.resolve(file)), Files.readAllBytes(copy.resolve(file)));
    }
    CheckpointArchive.verify(copy, CheckpointArchive.sha256(ckpt));
  }

  @Test
  void theWeightsTravelStoredAndTheJsonFilesDeflated() throws Exception {
    Path ckpt = fakeCheckpoint(dir.resolve("a"), "w".repeat(10_000));
    java.util.Map<String, Integer> methods = new java.util.HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(CheckpointArchive.zip(ckpt)))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        methods.put(entry.getName(), entry.getMethod());
      }
    }
    assertEquals(java.util.Map.of(Policy.WEIGHTS, ZipEntry.STORED, Policy.CONFIG, ZipEntry.DEFLATED,
        Policy.TOKENIZER, ZipEntry.DEFLATED), methods);
  }

  @Test
  void unzipRefusesPathsOutsideTheFolder() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("../evil.txt"));
      zip.write(1);
      zip.closeEntry();
    }
    assertThrows(CheckpointArchive.CheckpointException.class,
        () -> CheckpointArchive.unzip(bytes.toByteArray(), dir.resolve("c")));
    assertTrue(Files.notExists(dir.resolve("evil.txt")));
  }
}
