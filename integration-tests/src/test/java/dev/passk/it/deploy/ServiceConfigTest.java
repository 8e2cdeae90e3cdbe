package dev.passk.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ServiceConfig reads keys, defaults and types from a tiny fixture repository as SmallRye would. */
class ServiceConfigTest {

  @TempDir Path root;

  @Test
  void mappingMethodsBecomeKebabKeysWithTheirDefaultsAndTypes() throws IOException {
    ServiceConfig config = fixture("""
        @ConfigMapping(prefix = "demo.stage")
        public interface StageSettings {
          /** Not a key: {@code ;} and { braces } in comments. */
          @WithDefault("16")
          int maxNewTokens();
          @WithName("top")
          @WithDefault("${demo.other:1}")
          double topP();
          Optional<java.time.Duration> timeLimit();
          Map<String, Map<String, String>> options();
          default String summary() {
            return "{" + maxNewTokens() + ";";
          }
        }
        """);

    assertEquals(Optional.of("demo.stage.max-new-tokens"), config.keyOf("DEMO_STAGE_MAX_NEW_TOKENS"));
    assertEquals(Optional.of("demo.stage.top"), config.keyOf("DEMO_STAGE_TOP"));
    assertEquals(Optional.empty(), config.keyOf("DEMO_STAGE_TOP_P"), "@WithName replaces the method name");
    assertEquals(Optional.empty(), config.keyOf("DEMO_STAGE_SUMMARY"), "a default method is no key");
    assertEquals(Optional.of("demo.stage.options.*"), config.keyOf("DEMO_STAGE_OPTIONS_NUMERIC_TOLERANCE"));
    assertEquals(Optional.empty(), config.keyOf("DEMO_STAGE_OPTIONS"), "a map key needs a name below the map");
    assertEquals(Optional.of("16"), config.value("demo.stage.max-new-tokens", Map.of()));
    assertEquals(Optional.of("32"), config.value("demo.stage.max-new-tokens", Map.of("DEMO_STAGE_MAX_NEW_TOKENS", "32")));
    assertTrue(config.invalidValue("demo.stage.max-new-tokens", "sixteen").isPresent());
    assertTrue(config.invalidValue("demo.stage.time-limit", "10s").isEmpty());
    assertTrue(config.invalidValue("demo.stage.time-limit", "ten seconds").isPresent());
  }

  @Test
  void propertiesGiveKeysPortsPathsAndConsumerGroups() throws IOException {
    ServiceConfig config = fixture("""
        @ConfigMapping(prefix = "demo.stage")
        public interface StageSettings {
          @WithDefault("cpu")
          String device();
        }
        """);

    assertEquals(Optional.of("kafka.bootstrap.servers"), config.keyOf("KAFKA_BOOTSTRAP_SERVERS"));
    assertEquals(Optional.of("passk.topics.create"), config.keyOf("PASSK_TOPICS_CREATE"));
    assertTrue(config.invalidValue("passk.topics.create", "yes").isPresent(), "booleans are spelled true or false");
    assertEquals(Optional.of("gpu"), config.value("demo.stage.device", Map.of()), "a properties value beats a code default");
    assertEquals(8091, config.httpPort(Map.of()));
    assertEquals(9000, config.httpPort(Map.of("QUARKUS_HTTP_PORT", "9000")));
    assertEquals("/q/health/ready", config.endpoint("ready", Map.of()));
    assertEquals("/q/health/live", config.endpoint("live", Map.of()));
    assertEquals("/admin/metrics", config.endpoint("metrics", Map.of("QUARKUS_HTTP_NON_APPLICATION_ROOT_PATH", "admin")));
    assertEquals(List.of("demo-group"), config.consumerGroups("demo-in", Map.of()));
    assertEquals(List.of(), config.consumerGroups("elsewhere", Map.of()));
    assertEquals(List.of("latest"), config.offsetResets("demo-in", Map.of()));
  }

  @Test
  void aMappingWithNestedGroupsIsRefusedRatherThanMisread() throws IOException {
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> fixture("""
        @ConfigMapping(prefix = "demo.stage")
        public interface StageSettings {
          Limits limits();
          interface Limits {
            int most();
          }
        }
        """));
    assertTrue(refused.getMessage().contains("interface Limits"), refused.getMessage());
  }

  /** A repository with service-common and one service "demo-service" whose mapping is {@code mapping}. */
  private ServiceConfig fixture(String mapping) throws IOException {
    write("service-common/src/main/resources/META-INF/microprofile-config.properties", """
        kafka.bootstrap.servers=localhost:9092
        mp.messaging.connector.smallrye-kafka.auto.offset.reset=earliest
        """);
    write("service-common/src/main/java/demo/TopicBootstrap.java", """
        class TopicBootstrap {
          @ConfigProperty(name = "passk.topics.create", defaultValue = "true")
          boolean create;
        }
        """);
    write("demo-service/src/main/resources/application.properties", """
        quarkus.http.port=8091
        %test.quarkus.http.port=0
        demo.stage.device=gpu
        mp.messaging.incoming.in.topic=demo-in
        mp.messaging.incoming.in.group.id=demo-group
        mp.messaging.incoming.in.auto.offset.reset=latest
        """);
    write("demo-service/src/main/java/demo/StageSettings.java", mapping);
    return ServiceConfig.read(root, "demo-service");
  }

  private void write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
