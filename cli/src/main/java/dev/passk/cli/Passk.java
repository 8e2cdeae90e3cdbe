package dev.passk.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Entry point of {@code ./passk <command> [args]}: finds the command by name and runs it. */
public final class Passk {

  private final Map<String, Command> commands = new TreeMap<>();

  public Passk() {
    for (Command command : ServiceLoader.load(Command.class)) {
      commands.put(command.name(), command);
    }
  }

  public static void main(String[] argv) {
    System.exit(new Passk().run(Arrays.asList(argv), System.in, System.out, System.err));
  }

  /** Runs {@code argv} and returns the exit code (tests call this directly). */
  public int run(List<String> argv, InputStream in, PrintStream out, PrintStream err) {
    if (argv.isEmpty() || argv.get(0).equals("help") || argv.get(0).equals("--help")) {
      printHelp(out);
      return argv.isEmpty() ? 2 : 0;
    }
    Command command = commands.get(argv.get(0));
    if (command == null) {
      err.println("passk: unknown command '" + argv.get(0) + "'; valid commands: " + commands.keySet());
      return 2;
    }
    try {
      return command.run(argv.subList(1, argv.size()), in, out, err);
    } catch (UsageException e) {
      err.println("passk " + command.name() + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("passk " + command.name() + " failed: " + e);
      return 1;
    }
  }

  private void printHelp(PrintStream out) {
    out.println("usage: ./passk <command> [options]");
    commands.values().forEach(c -> out.printf("  %-14s %s%n", c.name(), c.summary()));
  }
}
