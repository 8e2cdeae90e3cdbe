package dev.passk.schemas.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema ever released, so that records written by any released version stay
 * readable. Shipped as resources under {@code dev/passk/schemas/released/} (listed in its
 * {@code index} file), one fully resolved {@code .avsc} per released version; never delete one.
 * Looked up by the 64-bit CRC-64-AVRO fingerprint of the parsing canonical form, the fingerprint
 * Avro's single-object encoding puts in every record.
 */
public final class ReleasedSchemas implements SchemaStore {

  static final String FOLDER = "/dev/passk/schemas/released/";

  private static final ReleasedSchemas INSTANCE = load();

  private final Map<Long, Schema> byFingerprint;
  private final Map<Long, String> releaseNames;

  private ReleasedSchemas(Map<Long, Schema> byFingerprint, Map<Long, String> releaseNames) {
    this.byFingerprint = byFingerprint;
    this.releaseNames = releaseNames;
  }

  public static ReleasedSchemas instance() {
    return INSTANCE;
  }

  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  /** All released writer schemas, oldest release first within each file order of the index. */
  public Collection<Schema> all() {
    return Collections.unmodifiableCollection(byFingerprint.values());
  }

  /** The resource file name a fingerprint was released as, e.g. {@code Prompt.v1.avsc}. */
  public String releaseName(long fingerprint) {
    return releaseNames.get(fingerprint);
  }

  private static ReleasedSchemas load() {
    Map<Long, Schema> schemas = new LinkedHashMap<>();
    Map<Long, String> names = new LinkedHashMap<>();
    for (String file : readLines(FOLDER + "index")) {
      // Each file is self-contained (nested types inlined), so each gets its own parser.
      Schema schema = new Schema.Parser().parse(readResource(FOLDER + file));
      schemas.put(fingerprint(schema), schema);
      names.put(fingerprint(schema), file);
    }
    return new ReleasedSchemas(schemas, names);
  }

  private static java.util.List<String> readLines(String resource) {
    return readResource(resource).lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  private static String readResource(String resource) {
    try (InputStream in = ReleasedSchemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource + " in the schemas jar");
      }
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return reader.lines().collect(java.util.stream.Collectors.joining("\n"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
