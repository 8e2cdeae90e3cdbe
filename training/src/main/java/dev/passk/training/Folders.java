package dev.passk.training;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system helpers for atomic folders: recursive delete and fsync. */
public final class Folders {

  private Folders() {}

  /** Deletes {@code root} and everything under it; nothing when it does not exist. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** fsyncs every file and directory under {@code root}, deepest first. */
  static void fsyncTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        fsync(path);
      }
    }
  }

  /** Forces a file's or directory's contents and metadata to disk (directories: best effort). */
  static void fsync(Path path) throws IOException {
    boolean directory = Files.isDirectory(path);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      if (!directory) {
        throw e;
      }
    }
  }
}
