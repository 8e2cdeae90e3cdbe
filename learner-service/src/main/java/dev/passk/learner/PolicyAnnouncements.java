package dev.passk.learner;

import dev.passk.policy.CheckpointArchive;
import dev.passk.schemas.PolicyVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Builds the {@code policy-versions} record of a checkpoint, given its folder and its files (held in
 * memory, so nothing is read back from disk): identity is the SHA-256 of its
 * weights; a checkpoint whose zip fits {@code inlineMaxBytes} travels in the record, a larger one is
 * copied into the store ({@code store/v<version>-<sha256 prefix>}, never rewritten: a sampler never
 * reads a folder that is being replaced, and a restarted learner that recreates a version with other
 * weights gets another folder) and announced by its file: URI.
 */
public final class PolicyAnnouncements {

  private final Path store;
  private final int inlineMaxBytes;

  public PolicyAnnouncements(Path store, int inlineMaxBytes) {
    this.store = store;
    this.inlineMaxBytes = inlineMaxBytes;
  }

  /**
   * @param checkpointFolder where the checkpoint is (its URI when it travels inline)
   * @param files the folder's files ({@link CheckpointArchive#read})
   */
  public PolicyVersion announce(String runId, long version, Path checkpointFolder, Map<String, byte[]> files,
      long nowMillis) throws IOException {
    String sha256 = CheckpointArchive.sha256(files);
    byte[] zip = CheckpointArchive.zip(files);
    PolicyVersion.Builder record = PolicyVersion.newBuilder()
        .setRunId(runId)
        .setVersion(version)
        .setSha256(sha256)
        .setCreatedAtMillis(nowMillis);
    if (zip.length <= inlineMaxBytes) {
      return record.setCheckpointUri(checkpointFolder.toUri().toString())
          .setInlineCheckpoint(ByteBuffer.wrap(zip)).build();
    }
    return record.setCheckpointUri(copyToStore(version, sha256, files).toUri().toString()).build();
  }

  private Path copyToStore(long version, String sha256, Map<String, byte[]> files) throws IOException {
    Path target = store.resolve("v" + version + "-" + sha256.substring(0, 16));
    if (Files.isDirectory(target)) {
      return target;
    }
    Path partial = Files.createDirectories(store).resolve("tmp-v" + version + "-" + System.nanoTime());
    CheckpointArchive.write(files, partial);
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }
}
