package dev.passk.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --flag} options of one command. Unknown options are a usage error
 * that lists the valid ones.
 */
public final class CommandLineOptions {

  private final Map<String, String> values = new HashMap<>();

  /**
   * @param args the command's arguments
   * @param withValue options that take a value
   * @param flags options that take none
   */
  public CommandLineOptions(List<String> args, Set<String> withValue, Set<String> flags) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg.startsWith("--") ? arg.substring(2) : null;
      if (name != null && flags.contains(name)) {
        values.put(name, "true");
      } else if (name != null && withValue.contains(name)) {
        if (i + 1 >= args.size()) {
          throw new UsageException("--" + name + " needs a value");
        }
        values.put(name, args.get(++i));
      } else {
        throw new UsageException("unknown argument '" + arg + "'; valid options: --"
            + String.join(", --", union(withValue, flags)));
      }
    }
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String get(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  public String require(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new UsageException("--" + name + " is required");
    }
    return value;
  }

  public int requireInt(String name) {
    return parseInt(name, require(name));
  }

  public int getInt(String name, int defaultValue) {
    return has(name) ? parseInt(name, values.get(name)) : defaultValue;
  }

  private static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be an integer, got '" + value + "'");
    }
  }

  private static List<String> union(Set<String> a, Set<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).sorted().toList();
  }
}
