package dev.passk.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The wire contract of a checkpoint announced on {@code policy-versions}: its identity is the
 * SHA-256 of {@code model.safetensors}, and a small checkpoint may travel inline as a zip of the
 * folder's three files (see PolicyVersion.avsc).
 */
public final class CheckpointArchive {

  /** The files of a checkpoint folder, in the order they are zipped. */
  public static final List<String> FILES = List.of(Policy.CONFIG, Policy.WEIGHTS, Policy.TOKENIZER);
  /** Refuse an inline archive that expands beyond this (a zip bomb must not fill the disk). */
  private static final long MAX_EXPANDED_BYTES = 1L << 30;

  private CheckpointArchive() {}

  /** The folder's three files, in {@link #FILES} order. */
  public static Map<String, byte[]> read(Path dir) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String file : FILES) {
      files.put(file, Files.readAllBytes(dir.resolve(file)));
    }
    return files;
  }

  /** Writes {@code files} (name -> content) into {@code dir}, created if missing. */
  public static void write(Map<String, byte[]> files, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Files.write(dir.resolve(file.getKey()), file.getValue());
    }
  }

  /** Lower-case hex SHA-256 of the weights among a checkpoint's files (as {@link #read} gives them). */
  public static String sha256(Map<String, byte[]> files) {
    return HexFormat.of().formatHex(newDigest().digest(files.get(Policy.WEIGHTS)));
  }

  /** Lower-case hex SHA-256 of the folder's {@code model.safetensors}. */
  public static String sha256(Path dir) throws IOException {
    MessageDigest digest = newDigest();
    try (InputStream in = Files.newInputStream(dir.resolve(Policy.WEIGHTS))) {
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Throws {@link CheckpointException} unless the folder holds all three files and its weights hash
   * to {@code expectedSha256}.
   */
  public static void verify(Path dir, String expectedSha256) throws IOException {
    for (String file : FILES) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        throw new CheckpointException("checkpoint " + dir + " lacks " + file);
      }
    }
    String actual = sha256(dir);
    if (!actual.equalsIgnoreCase(expectedSha256)) {
      throw new CheckpointException("checkpoint " + dir + " has " + Policy.WEIGHTS + " sha256 "
          + actual + " but its announcement says " + expectedSha256 + ": refusing it");
    }
  }

  /**
   * The folder's three files as one zip (flat entry names). The weights are stored, not deflated:
   * float32 weights deflate to ~93% of their size at ~15 ms per 400 KB, paid by the learner at every
   * checkpoint and again by every sampler that inflates it; the JSON files deflate to a quarter.
   */
  public static byte[] zip(Path dir) throws IOException {
    return zip(read(dir));
  }

  /** {@link #zip(Path)} of a checkpoint's files held in memory (as {@link #read} gives them). */
  public static byte[] zip(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (String file : FILES) {
        byte[] content = files.get(file);
        zip.putNextEntry(file.equals(Policy.WEIGHTS) ? stored(file, content) : new ZipEntry(file));
        zip.write(content);
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static ZipEntry stored(String name, byte[] content) {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(content.length);
    entry.setCompressedSize(content.length);
    CRC32 crc = new CRC32();
    crc.update(content);
    entry.setCrc(crc.getValue());
    return entry;
  }

  /**
   * Writes an inline archive's files into {@code dir} (created if missing). Only the three
   * checkpoint file names are accepted; anything else (paths, extra files) is refused.
   */
  public static void unzip(byte[] archive, Path dir) throws IOException {
    Files.createDirectories(dir);
    Set<String> allowed = Set.copyOf(FILES);
    long expanded = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        if (!allowed.contains(entry.getName())) {
          throw new CheckpointException("inline checkpoint has an unexpected entry '"
              + entry.getName() + "'; allowed: " + FILES);
        }
        expanded += Files.copy(zip, dir.resolve(entry.getName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (expanded > MAX_EXPANDED_BYTES) {
          throw new CheckpointException("inline checkpoint expands beyond "
              + MAX_EXPANDED_BYTES + " bytes");
        }
      }
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }

  /** A checkpoint that must not be used: wrong hash, missing file, malformed archive. */
  public static final class CheckpointException extends IOException {
    public CheckpointException(String message) {
      super(message);
    }
  }
}
