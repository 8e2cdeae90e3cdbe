package dev.passk.it.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys a passk service understands, read from its sources at test time: the
 * shared {@code META-INF/microprofile-config.properties} of service-common, the service's
 * {@code application.properties}, its {@code @ConfigMapping} interfaces and {@code @ConfigProperty}
 * injections (service-common's included). Keys map to env names as SmallRye Config does: upper case,
 * every character other than a letter or digit becomes {@code _}.
 */
final class ServiceConfig {

  private static final Pattern MAPPING = Pattern.compile(
      "@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)[^{]*\\binterface\\s+\\w+[^{]*\\{(.*)\\}\\s*$",
      Pattern.DOTALL);
  private static final Pattern MAPPING_METHOD = Pattern.compile(
      "^((?:@\\w+(?:\\([^)]*\\))?\\s+)*)([\\w.]+(?:<.*>)?)\\s+(\\w+)\\(\\)$", Pattern.DOTALL);
  private static final Pattern ANNOTATION_VALUE = Pattern.compile("@(\\w+)\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)");
  private static final Pattern CONFIG_PROPERTY = Pattern.compile(
      "@ConfigProperty\\(([^)]*)\\)\\s*(?:final\\s+)?([\\w.]+(?:<[^>]*>)?)\\s+\\w+");
  private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern PROFILE = Pattern.compile("^%[\\w,-]+\\.");
  private static final Pattern INCOMING_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([\\w-]+)\\.topic");

  /** Every key with its value where one is known (properties or a default), else null. */
  private final Map<String, String> values = new LinkedHashMap<>();
  /** Java types of the keys that come from config mappings and injections. */
  private final Map<String, String> types = new LinkedHashMap<>();
  /** Prefixes of map-valued mapping methods: any key below them is valid. */
  private final List<String> mapPrefixes = new ArrayList<>();

  private ServiceConfig() {}

  /** Reads the configuration of service module {@code module} under the repository {@code root}. */
  static ServiceConfig read(Path root, String module) throws IOException {
    ServiceConfig config = new ServiceConfig();
    config.readProperties(root.resolve("service-common/src/main/resources/META-INF/microprofile-config.properties"));
    config.readProperties(root.resolve(module).resolve("src/main/resources/application.properties"));
    for (Path sources : List.of(root.resolve("service-common/src/main/java"), root.resolve(module).resolve("src/main/java"))) {
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
          config.readJava(file);
        }
      }
    }
    return config;
  }

  /** The env name SmallRye Config maps to {@code key}. */
  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** The key that env variable {@code env} sets, if it sets one of this service. */
  Optional<String> keyOf(String env) {
    for (String key : values.keySet()) {
      if (envName(key).equals(env)) {
        return Optional.of(key);
      }
    }
    for (String prefix : mapPrefixes) {
      String envPrefix = envName(prefix) + "_";
      if (env.startsWith(envPrefix) && env.length() > envPrefix.length()) {
        return Optional.of(prefix + ".*");
      }
    }
    return Optional.empty();
  }

  /** Why {@code value} is not a valid value of {@code key}, or empty when it is (or cannot be told). */
  Optional<String> invalidValue(String key, String value) {
    String type = types.get(key);
    if (type == null || value == null || value.contains("${")) {
      return Optional.empty();
    }
    boolean valid = switch (type) {
      case "int", "Integer" -> value.matches("-?\\d+");
      case "long", "Long" -> value.matches("-?\\d+");
      case "double", "Double", "float", "Float" -> isDouble(value);
      case "boolean", "Boolean" -> value.equals("true") || value.equals("false");
      case "Duration" -> value.matches("\\d+(\\.\\d+)?(ms|s|m|h|d)?|P.+");
      default -> true;
    };
    return valid ? Optional.empty() : Optional.of(value + " is no valid " + type);
  }

  /** The value of {@code key} after env {@code env} (names to values) overrides the sources. */
  Optional<String> value(String key, Map<String, String> env) {
    String fromEnv = env.get(envName(key));
    return Optional.ofNullable(fromEnv != null ? fromEnv : values.get(key));
  }

  /** quarkus.http.port, as env {@code env} leaves it. */
  int httpPort(Map<String, String> env) {
    return Integer.parseInt(value("quarkus.http.port", env).orElse("8080"));
  }

  /** Path of the readiness ({@code ready}), liveness ({@code live}) or Prometheus ({@code metrics}) endpoint. */
  String endpoint(String which, Map<String, String> env) {
    String root = value("quarkus.http.non-application-root-path", env).orElse("q");
    String nonApplication = root.startsWith("/") ? root : "/" + root;
    return switch (which) {
      case "metrics" -> nonApplication + "/" + value("quarkus.micrometer.export.prometheus.path", env).orElse("metrics");
      case "ready", "live" -> {
        String health = nonApplication + "/" + value("quarkus.smallrye-health.root-path", env).orElse("health");
        String leaf = value("quarkus.smallrye-health." + (which.equals("ready") ? "readiness" : "liveness") + "-path", env)
            .orElse(which);
        yield health + "/" + leaf;
      }
      default -> throw new IllegalArgumentException("no endpoint " + which);
    };
  }

  /**
   * The consumer groups in which this service reads {@code topic}: the group.id of each incoming
   * channel on that topic; where no channel reads it, the default of a mapping key named
   * {@code group-id} (a service with its own Kafka client). Env overrides apply.
   */
  List<String> consumerGroups(String topic, Map<String, String> env) {
    List<String> groups = new ArrayList<>();
    for (String channel : incomingChannels(topic, env)) {
      value("mp.messaging.incoming." + channel + ".group.id", env).ifPresent(groups::add);
    }
    if (groups.isEmpty()) {
      values.keySet().stream().filter(k -> k.endsWith(".group-id")).forEach(k -> value(k, env).ifPresent(groups::add));
    }
    return groups;
  }

  /** auto.offset.reset of the channels reading {@code topic} (the connector-wide value where they set none). */
  List<String> offsetResets(String topic, Map<String, String> env) {
    List<String> resets = new ArrayList<>();
    for (String channel : incomingChannels(topic, env)) {
      value("mp.messaging.incoming." + channel + ".auto.offset.reset", env)
          .or(() -> value("mp.messaging.connector.smallrye-kafka.auto.offset.reset", env))
          .ifPresent(resets::add);
    }
    return resets;
  }

  private List<String> incomingChannels(String topic, Map<String, String> env) {
    List<String> channels = new ArrayList<>();
    for (String key : new TreeSet<>(values.keySet())) {
      Matcher m = INCOMING_TOPIC.matcher(key);
      if (m.matches() && topic.equals(value(key, env).orElse(null))) {
        channels.add(m.group(1));
      }
    }
    return channels;
  }

  private void readProperties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    // Profile-specific keys (%test.x) name key x too, but never replace its unprofiled value.
    for (String name : new TreeSet<>(properties.stringPropertyNames())) {
      if (!PROFILE.matcher(name).find()) {
        values.put(name, properties.getProperty(name));
      }
    }
    for (String name : new TreeSet<>(properties.stringPropertyNames())) {
      values.putIfAbsent(PROFILE.matcher(name).replaceFirst(""), properties.getProperty(name));
    }
  }

  private void readJava(Path file) throws IOException {
    String source = Files.readString(file)
        .replaceAll("(?s)/\\*.*?\\*/", "")
        .replaceAll("(?m)^\\s*//.*$", "");
    Matcher mapping = MAPPING.matcher(source);
    if (mapping.find()) {
      readMapping(file, mapping.group(1), mapping.group(2));
    }
    Matcher property = CONFIG_PROPERTY.matcher(source);
    while (property.find()) {
      Map<String, String> attributes = attributes(property.group(1));
      String name = attributes.get("name");
      if (name == null) {
        throw new IllegalStateException(file + ": @ConfigProperty without name= is not understood by this test: name the key");
      }
      putDefault(name, attributes.get("defaultValue"));
      types.put(name, simpleType(property.group(2)));
    }
  }

  private void readMapping(Path file, String prefix, String body) {
    for (String declaration : declarations(body)) {
      String trimmed = declaration.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("default ") || trimmed.startsWith("static ")) {
        continue;
      }
      Matcher method = MAPPING_METHOD.matcher(trimmed);
      if (!method.matches()) {
        throw new IllegalStateException(file + ": this test understands config mappings of plain methods only, not: "
            + trimmed + " (extend dev.passk.it.deploy.ServiceConfig)");
      }
      Map<String, String> annotations = new LinkedHashMap<>();
      Matcher annotation = ANNOTATION_VALUE.matcher(method.group(1));
      while (annotation.find()) {
        annotations.put(annotation.group(1), annotation.group(2));
      }
      String name = annotations.getOrDefault("WithName", kebab(method.group(3)));
      String key = prefix + "." + name;
      String type = method.group(2);
      if (type.startsWith("Map<")) {
        mapPrefixes.add(key);
      } else {
        putDefault(key, annotations.get("WithDefault"));
        types.put(key, simpleType(type));
      }
    }
  }

  /**
   * The member declarations of an interface body: split at each {@code ;} and after each block at
   * the top level; a declaration with a block (default method, nested type) keeps its header only.
   */
  private static List<String> declarations(String body) {
    List<String> declarations = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    boolean inString = false;
    char previous = 0;
    for (char c : body.toCharArray()) {
      boolean quote = c == '"' && previous != '\\';
      previous = c;
      if (inString || quote) {
        inString ^= quote;
        if (depth == 0) {
          current.append(c);
        }
      } else if (c == '{' && depth++ == 0) {
        current.append(" {");
      } else if (c == '}' && --depth == 0) {
        declarations.add(current.toString());
        current.setLength(0);
      } else if (c == ';' && depth == 0) {
        declarations.add(current.toString());
        current.setLength(0);
      } else if (depth == 0) {
        current.append(c);
      }
    }
    declarations.add(current.toString());
    return declarations;
  }

  /** Records {@code key} with its code default, unless a properties file gives it a value. */
  private void putDefault(String key, String defaultValue) {
    if (values.get(key) == null) {
      values.put(key, defaultValue);
    }
  }

  private static Map<String, String> attributes(String text) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Matcher m = ATTRIBUTE.matcher(text);
    while (m.find()) {
      attributes.put(m.group(1), m.group(2));
    }
    return attributes;
  }

  /** {@code Optional<Integer>} -> {@code Integer}, {@code java.time.Duration} -> {@code Duration}. */
  private static String simpleType(String type) {
    String unwrapped = type.startsWith("Optional<") ? type.substring("Optional<".length(), type.length() - 1) : type;
    return unwrapped.substring(unwrapped.lastIndexOf('.') + 1);
  }

  /** SmallRye's kebab-case of a mapping method name: {@code maxNewTokens} -> {@code max-new-tokens}. */
  static String kebab(String methodName) {
    return methodName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static boolean isDouble(String value) {
    try {
      Double.parseDouble(value);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
