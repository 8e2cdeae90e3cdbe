package dev.passk.cli;

import java.nio.file.Path;

/** Where the repository is ({@code -Dpassk.home}, set by ./passk) and where runs keep their files. */
public final class PasskHome {

  private PasskHome() {}

  /** The repository root. */
  public static Path root() {
    return Path.of(System.getProperty("passk.home", ".")).toAbsolutePath().normalize();
  }

  /** {@code .passk/} under the root: broker data, logs, reports, the DJL cache. */
  public static Path workDir() {
    return root().resolve(".passk");
  }
}
