package dev.passk.sampler;

import ai.djl.Device;
import dev.passk.policy.CheckpointArchive;
import dev.passk.policy.CheckpointArchive.CheckpointException;
import dev.passk.policy.Policy;
import dev.passk.schemas.PolicyVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fetches the checkpoint a {@code policy-versions} record announces, checks its SHA-256 and loads
 * it: an inline zip is unpacked into a fresh folder under the work folder (deleted after loading);
 * otherwise {@code checkpointUri} is a {@code file:} URI or a plain path of the checkpoint folder.
 */
public final class CheckpointLoader {

  private final Path workDir;
  private final Device device;

  public CheckpointLoader(Path workDir, Device device) {
    this.workDir = workDir;
    this.device = device;
  }

  /**
   * @throws CheckpointException when the checkpoint is missing a file, its hash differs from the
   *     announcement, or its location is not one this sampler can read
   * @throws IOException or a runtime exception when the verified files do not load as a policy
   */
  public Policy load(PolicyVersion announced) throws IOException {
    if (announced.getInlineCheckpoint() != null) {
      Files.createDirectories(workDir);
      Path dir = Files.createTempDirectory(workDir, "v" + announced.getVersion() + "-");
      try {
        byte[] zip = new byte[announced.getInlineCheckpoint().remaining()];
        announced.getInlineCheckpoint().duplicate().get(zip);
        CheckpointArchive.unzip(zip, dir);
        return verifiedLoad(dir, announced.getSha256());
      } finally {
        deleteTree(dir);
      }
    }
    return verifiedLoad(folder(announced.getCheckpointUri()), announced.getSha256());
  }

  /** The folder a {@code file:} URI or a plain path names. */
  static Path folder(String checkpointUri) throws CheckpointException {
    if (checkpointUri.isBlank()) {
      throw new CheckpointException("the announcement has neither an inline checkpoint nor a checkpointUri");
    }
    if (checkpointUri.startsWith("file:")) {
      return Path.of(URI.create(checkpointUri));
    }
    if (checkpointUri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw new CheckpointException("checkpointUri " + checkpointUri + ": this sampler reads checkpoints "
          + "inline or from a folder (file: URI or path), not over " + URI.create(checkpointUri).getScheme());
    }
    return Path.of(checkpointUri);
  }

  private Policy verifiedLoad(Path dir, String sha256) throws IOException {
    CheckpointArchive.verify(dir, sha256);
    return Policy.load(dir, device);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
