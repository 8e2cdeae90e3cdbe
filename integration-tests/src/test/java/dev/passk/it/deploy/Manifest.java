package dev.passk.it.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** One YAML document of a file under deploy/, with helpers to walk its tree of maps and lists. */
record Manifest(Path file, Map<String, Object> body) {

  /** Every document of every {@code .yml}/{@code .yaml} file under {@code deployDir}, in path order. */
  static List<Manifest> loadAll(Path deployDir) throws IOException {
    List<Manifest> manifests = new ArrayList<>();
    try (Stream<Path> files = Files.walk(deployDir)) {
      for (Path file : files.filter(Manifest::isYaml).sorted().toList()) {
        try (Reader reader = Files.newBufferedReader(file)) {
          for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
            if (document != null) {
              manifests.add(new Manifest(file, map(document, file + " holds a document that is not a map")));
            }
          }
        } catch (RuntimeException e) {
          throw new IllegalStateException(file + " is not valid YAML: " + e.getMessage(), e);
        }
      }
    }
    return manifests;
  }

  static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  String kind() {
    return text(body.get("kind"));
  }

  String name() {
    return text(at(body, "metadata", "name"));
  }

  /** The file and, for a Kubernetes resource, its kind and name: where a problem is. */
  String where() {
    return kind() == null ? file.toString() : file + " " + kind() + "/" + name();
  }

  /** The node at {@code path} of map keys below {@code node}, or null. */
  static Object at(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node, String whatIfNot) {
    if (node instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new IllegalStateException(whatIfNot);
  }

  /** The list {@code node}, empty where it is absent. */
  static List<Object> list(Object node) {
    return node instanceof List<?> list ? new ArrayList<Object>(list) : List.of();
  }

  /** The maps of list {@code node}, empty where it is absent. */
  static List<Map<String, Object>> maps(Object node) {
    return list(node).stream().map(item -> map(item, "expected a list of maps, found " + item)).toList();
  }

  /** A scalar as text (YAML numbers and booleans included), or null. */
  static String text(Object node) {
    return node == null ? null : String.valueOf(node);
  }
}
