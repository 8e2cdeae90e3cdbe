package dev.passk.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * One sub-command of {@code ./passk}. Implementations are listed in
 * {@code META-INF/services/dev.passk.cli.Command} and chosen by {@link #name()}.
 */
public interface Command {

  /** The word after {@code ./passk}, e.g. {@code estimate}. */
  String name();

  /** One line for {@code ./passk help}. */
  String summary();

  /**
   * Runs the command.
   *
   * @param args the arguments after the command's name
   * @return the process exit code: 0 on success, 2 for a usage error, 1 for any other failure
   */
  int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws Exception;
}
