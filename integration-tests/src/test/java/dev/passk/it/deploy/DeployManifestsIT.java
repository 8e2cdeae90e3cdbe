package dev.passk.it.deploy;

import static dev.passk.it.deploy.Manifest.at;
import static dev.passk.it.deploy.Manifest.list;
import static dev.passk.it.deploy.Manifest.map;
import static dev.passk.it.deploy.Manifest.maps;
import static dev.passk.it.deploy.Manifest.text;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.cli.PasskHome;
import dev.passk.schemas.kafka.Topic;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parses every manifest under deploy/ (compose and Kubernetes) and checks it against what the
 * services and the topic layout really are: Topic.java for topics, each service's sources for
 * config keys, HTTP port, health and metrics paths and consumer groups, deploy/images.properties for
 * image names. Each test lists every mismatch it finds.
 */
class DeployManifestsIT {

  private static final List<String> SERVICES = List.of("sampler-service", "verifier-service", "learner-service");
  /** Env read by DJL's native-library loader (GPU sampler), not by MicroProfile Config. */
  private static final Set<String> DJL_ENV = Set.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR");
  private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet");
  private static final Pattern HEALTHCHECK_PORT = Pattern.compile("(?:/dev/tcp/[^/\\s]+/|https?://[^/:\\s]+:)(\\d+)");
  private static final Pattern HEALTHCHECK_PATH = Pattern.compile("(?:GET |https?://[^/\\s]+)(/[^\\s'\"]*)");

  private static Path deploy;
  private static List<Manifest> manifests;
  private static Map<String, ServiceConfig> configs;
  private static Properties images;

  /** A passk service's container in a manifest and its env (a null value comes from a field or secret). */
  private record ServiceContainer(Manifest manifest, String name, String module, Map<String, Object> spec,
      Map<String, String> env, boolean complete) {

    /** Kubernetes container or compose service? */
    boolean compose() {
      return manifest.kind() == null;
    }

    String where() {
      return manifest.where() + (compose() ? " service " : " container ") + name + " (" + module + ")";
    }

    ServiceConfig config() {
      return configs.get(module);
    }
  }

  @BeforeAll
  static void load() throws IOException {
    Path root = PasskHome.root();
    deploy = root.resolve("deploy");
    manifests = Manifest.loadAll(deploy);
    configs = new LinkedHashMap<>();
    for (String service : SERVICES) {
      configs.put(service, ServiceConfig.read(root, service));
    }
    images = new Properties();
    try (Reader reader = Files.newBufferedReader(deploy.resolve("images.properties"))) {
      images.load(reader);
    }
  }

  @Test
  void kustomizationsListEveryManifestAndPatchOnlyWhatExists() throws IOException {
    List<String> problems = new ArrayList<>();
    List<Manifest> kustomizations = ofKind("Kustomization");
    assertTrue(kustomizations.size() >= 2, "expected the base and the gpu overlay, found " + kustomizations.size());
    for (Manifest kustomization : kustomizations) {
      Path dir = kustomization.file().getParent();
      List<String> listed = new ArrayList<>();
      list(kustomization.body().get("resources")).forEach(r -> listed.add(text(r)));
      maps(kustomization.body().get("patches")).forEach(p -> listed.add(text(p.get("path"))));
      for (String entry : listed) {
        Path path = dir.resolve(entry).normalize();
        if (!Files.isRegularFile(path) && !Files.isRegularFile(path.resolve("kustomization.yaml"))) {
          problems.add(kustomization.where() + " lists " + entry + ", which is neither a file nor a kustomization");
        }
      }
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(Manifest::isYaml).filter(f -> !f.equals(kustomization.file()))
            .filter(f -> !listed.contains(f.getFileName().toString()))
            .forEach(f -> problems.add(f + " is not listed in " + kustomization.file() + ": it would never be applied"));
      }
      for (Map<String, Object> patch : maps(kustomization.body().get("patches"))) {
        for (Manifest patchDoc : inFile(dir.resolve(text(patch.get("path"))))) {
          boolean targetExists = manifests.stream().anyMatch(m -> m != patchDoc && m.file().startsWith(deploy.resolve("k8s/base"))
              && patchDoc.kind().equals(m.kind()) && patchDoc.name().equals(m.name()));
          if (!targetExists) {
            problems.add(patchDoc.where() + " patches a resource the base does not have");
          }
        }
      }
    }
    for (Manifest m : manifests) {
      if (m.kind() != null && !"Kustomization".equals(m.kind()) && (m.body().get("apiVersion") == null || m.name() == null)) {
        problems.add(m.where() + " lacks apiVersion or metadata.name");
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void kafkaTopicsAreTheTopicsOfTopicJava() {
    List<String> problems = new ArrayList<>();
    String cluster = strimziKafka().name();
    Map<String, Manifest> byTopic = new LinkedHashMap<>();
    for (Manifest m : ofKind("KafkaTopic")) {
      String topic = Optional.ofNullable(text(at(m.body(), "spec", "topicName"))).orElse(m.name());
      if (byTopic.put(topic, m) != null) {
        problems.add(m.where() + " declares topic " + topic + " a second time");
      }
      if (Arrays.stream(Topic.values()).noneMatch(t -> t.topicName().equals(topic))) {
        problems.add(m.where() + " declares " + topic + ", which is not in Topic.java");
      }
      if (!cluster.equals(text(at(m.body(), "metadata", "labels", "strimzi.io/cluster")))) {
        problems.add(m.where() + " is not labelled strimzi.io/cluster: " + cluster);
      }
    }
    for (Topic topic : Topic.values()) {
      Manifest m = byTopic.get(topic.topicName());
      if (m == null) {
        problems.add("no KafkaTopic for " + topic.topicName() + " (Topic." + topic + ")");
        continue;
      }
      expectEqual(problems, m.where() + " spec.partitions", String.valueOf(topic.partitions()), at(m.body(), "spec", "partitions"));
      topic.config().forEach((key, value) ->
          expectEqual(problems, m.where() + " spec.config." + key, value, at(m.body(), "spec", "config", key)));
    }
    assertNoProblems(problems);
  }

  @Test
  void brokersAcceptTheLargestRecordOfAnyTopic() {
    List<String> problems = new ArrayList<>();
    long largest = Arrays.stream(Topic.values()).mapToLong(Topic::maxMessageBytes).max().orElseThrow();
    expectAtLeast(problems, strimziKafka().where() + " spec.kafka.config.message.max.bytes", largest,
        at(strimziKafka().body(), "spec", "kafka", "config", "message.max.bytes"));
    expectAtLeast(problems, composeFile().where() + " kafka KAFKA_MESSAGE_MAX_BYTES", largest,
        composeEnv(composeBroker()).get("KAFKA_MESSAGE_MAX_BYTES"));
    assertNoProblems(problems);
  }

  @Test
  void everyEnvNameIsAConfigKeyOfItsServiceWithAValidValue() {
    List<String> problems = new ArrayList<>();
    for (ServiceContainer container : containers()) {
      container.env().forEach((name, value) -> {
        if (DJL_ENV.contains(name)) {
          return;
        }
        Optional<String> key = container.config().keyOf(name);
        if (key.isEmpty()) {
          problems.add(container.where() + " sets " + name + ", which is no config key of " + container.module()
              + " (env names are keys upper-cased, dots and dashes -> _)");
        } else {
          container.config().invalidValue(key.get(), value)
              .ifPresent(why -> problems.add(container.where() + " sets " + name + "=" + value + " (" + key.get() + "): " + why));
        }
      });
      if (container.complete() && !container.env().containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
        problems.add(container.where() + " does not set KAFKA_BOOTSTRAP_SERVERS (the default localhost:9092 is wrong in a container)");
      }
    }
    for (Manifest configMap : ofKind("ConfigMap")) {
      boolean used = k8sContainerSpecs().stream().flatMap(c -> maps(c.get("envFrom")).stream())
          .anyMatch(from -> configMap.name().equals(text(at(from, "configMapRef", "name"))));
      if (!used) {
        problems.add(configMap.where() + " is used by no container's envFrom");
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void clientsAndScalersReachTheBrokerOfTheirManifests() {
    List<String> problems = new ArrayList<>();
    Manifest kafka = strimziKafka();
    Object plainPort = maps(at(kafka.body(), "spec", "kafka", "listeners")).stream()
        .filter(l -> "internal".equals(text(l.get("type"))) && "false".equals(text(l.get("tls"))))
        .map(l -> l.get("port")).findFirst().orElse(null);
    String strimziBootstrap = kafka.name() + "-kafka-bootstrap:" + plainPort;
    String composeListeners = text(composeEnv(composeBroker()).get("KAFKA_ADVERTISED_LISTENERS"));
    for (ServiceContainer container : containers()) {
      String bootstrap = container.env().get("KAFKA_BOOTSTRAP_SERVERS");
      if (bootstrap == null) {
        continue;
      }
      if (container.compose() && !("," + composeListeners).matches(".*[,]\\w+://" + Pattern.quote(bootstrap) + "(,.*)?")) {
        problems.add(container.where() + " KAFKA_BOOTSTRAP_SERVERS=" + bootstrap + " is no advertised listener of the broker: " + composeListeners);
      }
      if (!container.compose() && !bootstrap.equals(strimziBootstrap)) {
        problems.add(container.where() + " KAFKA_BOOTSTRAP_SERVERS=" + bootstrap + ", expected Strimzi's " + strimziBootstrap);
      }
    }
    for (Manifest scaler : ofKind("ScaledObject")) {
      for (Map<String, Object> trigger : maps(at(scaler.body(), "spec", "triggers"))) {
        expectEqual(problems, scaler.where() + " trigger bootstrapServers", strimziBootstrap, at(trigger, "metadata", "bootstrapServers"));
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void portsProbesAndScrapeAnnotationsMatchTheService() {
    List<String> problems = new ArrayList<>();
    for (ServiceContainer container : containers()) {
      ServiceConfig config = container.config();
      int port = config.httpPort(container.env());
      if (container.compose()) {
        String healthcheck = String.join(" ", list(at(container.spec(), "healthcheck", "test")).stream().map(Manifest::text).toList());
        expectMatch(problems, container.where() + " healthcheck port", String.valueOf(port), HEALTHCHECK_PORT, healthcheck);
        expectMatch(problems, container.where() + " healthcheck path", config.endpoint("ready", container.env()), HEALTHCHECK_PATH, healthcheck);
        for (Object published : list(container.spec().get("ports"))) {
          String target = text(published).replaceAll("/\\w+$", "");
          expectEqual(problems, container.where() + " published port " + published, String.valueOf(port), target.substring(target.lastIndexOf(':') + 1));
        }
        continue;
      }
      Map<String, Integer> named = new LinkedHashMap<>();
      for (Map<String, Object> p : maps(container.spec().get("ports"))) {
        expectEqual(problems, container.where() + " containerPort", String.valueOf(port), p.get("containerPort"));
        named.put(text(p.get("name")), Integer.valueOf(text(p.get("containerPort"))));
      }
      for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
        Object httpGet = at(container.spec(), probe, "httpGet");
        if (httpGet == null) {
          if (container.complete() && !probe.equals("startupProbe")) {
            problems.add(container.where() + " has no " + probe);
          }
          continue;
        }
        String endpoint = config.endpoint(probe.equals("readinessProbe") ? "ready" : "live", container.env());
        expectEqual(problems, container.where() + " " + probe + " path", endpoint, at(httpGet, "path"));
        expectEqual(problems, container.where() + " " + probe + " port", String.valueOf(port), resolvePort(at(httpGet, "port"), named));
      }
      if (container.complete()) {
        Object annotations = at(container.manifest().body(), "spec", "template", "metadata", "annotations");
        expectEqual(problems, container.where() + " prometheus.io/scrape", "true", at(annotations, "prometheus.io/scrape"));
        expectEqual(problems, container.where() + " prometheus.io/port", String.valueOf(port), at(annotations, "prometheus.io/port"));
        expectEqual(problems, container.where() + " prometheus.io/path", config.endpoint("metrics", container.env()),
            at(annotations, "prometheus.io/path"));
      }
    }
    for (Manifest service : ofKind("Service")) {
      Map<String, Object> selector = map(at(service.body(), "spec", "selector"), service.where() + " has no selector");
      List<ServiceContainer> selected = containers().stream().filter(c -> c.complete() && !c.compose())
          .filter(c -> map(at(c.manifest().body(), "spec", "template", "metadata", "labels"), c.where() + " has no pod labels")
              .entrySet().containsAll(selector.entrySet())).toList();
      if (selected.isEmpty()) {
        problems.add(service.where() + " selects no passk pod");
      }
      for (ServiceContainer container : selected) {
        Map<String, Integer> named = new LinkedHashMap<>();
        maps(container.spec().get("ports")).forEach(p -> named.put(text(p.get("name")), Integer.valueOf(text(p.get("containerPort")))));
        for (Map<String, Object> servicePort : maps(at(service.body(), "spec", "ports"))) {
          expectEqual(problems, service.where() + " targetPort", String.valueOf(container.config().httpPort(container.env())),
              resolvePort(servicePort.get("targetPort"), named));
        }
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void kedaScalesSamplersAndVerifiersOnTheirOwnLagWithinThePartitions() {
    List<String> problems = new ArrayList<>();
    for (Manifest scaler : ofKind("ScaledObject")) {
      Manifest base = ofKind("ScaledObject").stream()
          .filter(m -> m.name().equals(scaler.name()) && at(m.body(), "spec", "triggers") != null).findFirst()
          .orElseThrow(() -> new IllegalStateException(scaler.where() + ": no ScaledObject of that name has triggers"));
      Object target = at(base.body(), "spec", "scaleTargetRef");
      ServiceContainer workload = containers().stream().filter(ServiceContainer::complete)
          .filter(c -> text(at(target, "name")).equals(c.manifest().name())
              && Optional.ofNullable(text(at(target, "kind"))).orElse("Deployment").equals(c.manifest().kind()))
          .findFirst().orElse(null);
      if (workload == null) {
        problems.add(scaler.where() + " scales " + target + ", which runs no passk service");
        continue;
      }
      if (workload.module().equals("learner-service")) {
        problems.add(scaler.where() + " scales the learner: a run has exactly one learner");
      }
      long max = Long.parseLong(text(Optional.ofNullable(at(scaler.body(), "spec", "maxReplicaCount"))
          .orElse(at(base.body(), "spec", "maxReplicaCount"))));
      for (Map<String, Object> trigger : maps(at(base.body(), "spec", "triggers"))) {
        if (!"kafka".equals(text(trigger.get("type")))) {
          continue;
        }
        String topicName = text(at(trigger, "metadata", "topic"));
        Topic topic = Arrays.stream(Topic.values()).filter(t -> t.topicName().equals(topicName)).findFirst().orElse(null);
        if (topic == null) {
          problems.add(scaler.where() + " scales on topic " + topicName + ", which is not in Topic.java");
          continue;
        }
        if (max > topic.partitions()) {
          problems.add(scaler.where() + " maxReplicaCount " + max + " exceeds the " + topic.partitions()
              + " partitions of " + topicName + ": replicas beyond them idle");
        }
        List<String> groups = workload.config().consumerGroups(topicName, workload.env());
        String group = text(at(trigger, "metadata", "consumerGroup"));
        if (!groups.contains(group)) {
          problems.add(scaler.where() + " watches consumer group " + group + " on " + topicName + ", but "
              + workload.module() + " reads it in " + groups);
        }
        List<String> resets = workload.config().offsetResets(topicName, workload.env());
        Object reset = at(trigger, "metadata", "offsetResetPolicy");
        if (reset != null && !resets.isEmpty() && !resets.contains(text(reset))) {
          problems.add(scaler.where() + " offsetResetPolicy " + reset + " differs from the service's auto.offset.reset " + resets);
        }
      }
    }
    for (ServiceContainer learner : containers()) {
      Object replicas = at(learner.manifest().body(), "spec", "replicas");
      if (learner.module().equals("learner-service") && !learner.compose() && replicas != null && !"1".equals(text(replicas))) {
        problems.add(learner.where() + " has " + replicas + " replicas: a run has exactly one learner");
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void everyServiceRunsTheImageJibBuildsInComposeAndKubernetes() {
    List<String> problems = new ArrayList<>();
    for (ServiceContainer container : containers()) {
      if (container.complete()) {
        expectEqual(problems, container.where() + " image", image(container.module()), container.spec().get("image"));
      }
    }
    for (String service : SERVICES) {
      for (boolean compose : List.of(true, false)) {
        if (containers().stream().noneMatch(c -> c.complete() && c.compose() == compose && c.module().equals(service))) {
          problems.add((compose ? "compose" : "k8s/base") + " does not run " + service);
        }
      }
    }
    assertNoProblems(problems);
  }

  /**
   * The glibc malloc settings that keep libtorch's freed memory (far fewer page faults) are set in
   * three places, none of which can read another: ./passk (the demo, the bench and the services it
   * starts), pom.xml (tests) and the images; README.md gives them for services started by hand. Each
   * must name every setting with the same value.
   */
  @Test
  void theLauncherTheTestsAndTheImagesSetTheSameMallocSettings() throws IOException {
    Path root = PasskHome.root();
    Map<String, String> launcher = settings(Files.readString(root.resolve("passk")),
        "export (MALLOC_[A-Z_]+)=\"\\$\\{MALLOC_[A-Z_]+:-(\\d+)\\}\"");
    assertTrue(launcher.size() >= 3, "./passk sets no MALLOC_* defaults: " + launcher);
    String prefix = "quarkus.jib.environment-variables.";
    Map<String, String> image = new java.util.TreeMap<>();
    images.stringPropertyNames().stream().filter(k -> k.startsWith(prefix + "MALLOC_"))
        .forEach(k -> image.put(k.substring(prefix.length()), images.getProperty(k)));
    String pom = Files.readString(root.resolve("pom.xml"));
    List<String> problems = new ArrayList<>();
    if (!image.equals(launcher)) {
      problems.add("deploy/images.properties sets " + image + " but ./passk " + launcher);
    }
    Map<String, String> readme = settings(Files.readString(root.resolve("README.md")), "(MALLOC_[A-Z_]+)=(\\d+)");
    if (!readme.equals(launcher)) {
      problems.add("README.md tells users to set " + readme + " but ./passk sets " + launcher);
    }
    for (String plugin : List.of("maven-surefire-plugin", "maven-failsafe-plugin")) {
      String section = pom.substring(pom.indexOf("<artifactId>" + plugin + "</artifactId>"));
      section = section.substring(0, section.indexOf("</plugin>"));
      Map<String, String> tests = settings(section, "<(MALLOC_[A-Z_]+)>(\\d+)</MALLOC_[A-Z_]+>");
      if (!tests.equals(launcher)) {
        problems.add("pom.xml's " + plugin + " sets " + tests + " but ./passk " + launcher);
      }
    }
    assertNoProblems(problems);
  }

  private static Map<String, String> settings(String text, String regex) {
    Map<String, String> found = new java.util.TreeMap<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      found.put(m.group(1), m.group(2));
    }
    return found;
  }

  @Test
  void learnerStateDirectoryLiesOnAPersistentVolume() {
    List<String> problems = new ArrayList<>();
    String env = ServiceConfig.envName("passk.run.state-dir");
    assertTrue(configs.get("learner-service").keyOf(env).isPresent(), "learner-service has no passk.run.state-dir");
    for (ServiceContainer learner : containers()) {
      if (!learner.complete() || !learner.module().equals("learner-service")) {
        continue;
      }
      String stateDir = learner.env().get(env);
      if (stateDir == null) {
        problems.add(learner.where() + " does not set " + env + ": the state would live in the container and die with it");
        continue;
      }
      List<String> persistent = new ArrayList<>();
      if (learner.compose()) {
        Set<String> volumes = map(Optional.ofNullable(composeFile().body().get("volumes")).orElse(Map.of()), "volumes").keySet();
        for (Object mount : list(learner.spec().get("volumes"))) {
          String[] parts = text(mount).split(":");
          if (parts.length >= 2 && volumes.contains(parts[0])) {
            persistent.add(parts[1]);
          }
        }
      } else {
        List<String> claims = maps(at(learner.manifest().body(), "spec", "volumeClaimTemplates")).stream()
            .map(c -> text(at(c, "metadata", "name"))).toList();
        maps(learner.spec().get("volumeMounts")).stream().filter(v -> claims.contains(text(v.get("name"))))
            .forEach(v -> persistent.add(text(v.get("mountPath"))));
      }
      if (persistent.stream().noneMatch(path -> stateDir.equals(path) || stateDir.startsWith(path + "/"))) {
        problems.add(learner.where() + " keeps its state in " + stateDir + ", on none of its persistent volumes " + persistent);
      }
    }
    assertNoProblems(problems);
  }

  // ---- the manifests' passk containers

  private static List<ServiceContainer> containers() {
    List<ServiceContainer> containers = new ArrayList<>();
    for (Manifest m : manifests) {
      if (m.kind() == null && m.body().containsKey("services")) {
        map(m.body().get("services"), m.where() + " services").forEach((name, service) -> {
          Map<String, Object> spec = map(service, m.where() + " service " + name);
          Optional<String> module = moduleOf(text(spec.get("image")));
          module.ifPresent(s -> containers.add(new ServiceContainer(m, name, s, spec, stringValues(composeEnv(spec)), true)));
        });
      } else if (isWorkload(m)) {
        for (Map<String, Object> spec : maps(at(m.body(), "spec", "template", "spec", "containers"))) {
          String image = text(spec.get("image"));
          boolean complete = image != null;
          String effectiveImage = complete ? image : baseImage(m, text(spec.get("name")));
          moduleOf(effectiveImage).ifPresent(s ->
              containers.add(new ServiceContainer(m, text(spec.get("name")), s, spec, k8sEnv(m, spec), complete)));
        }
      }
    }
    return containers;
  }

  /**
   * The image of container {@code container} of the base workload that patch {@code patch} changes,
   * or null where there is none (the kustomization test reports such a patch).
   */
  private static String baseImage(Manifest patch, String container) {
    return manifests.stream().filter(m -> patch.kind().equals(m.kind()) && patch.name().equals(m.name()))
        .flatMap(m -> maps(at(m.body(), "spec", "template", "spec", "containers")).stream())
        .filter(c -> container.equals(text(c.get("name"))) && c.get("image") != null)
        .map(c -> text(c.get("image"))).findFirst().orElse(null);
  }

  private static Map<String, String> k8sEnv(Manifest workload, Map<String, Object> container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> from : maps(container.get("envFrom"))) {
      String name = text(at(from, "configMapRef", "name"));
      Manifest configMap = ofKind("ConfigMap").stream().filter(c -> c.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalStateException(workload.where() + " takes env from ConfigMap " + name + ", which no manifest defines"));
      env.putAll(stringValues(map(Optional.ofNullable(configMap.body().get("data")).orElse(Map.of()), configMap.where())));
    }
    for (Map<String, Object> variable : maps(container.get("env"))) {
      env.put(text(variable.get("name")), text(variable.get("value")));
    }
    return env;
  }

  private static List<Map<String, Object>> k8sContainerSpecs() {
    return manifests.stream().filter(m -> isWorkload(m))
        .flatMap(m -> maps(at(m.body(), "spec", "template", "spec", "containers")).stream()).toList();
  }

  /** A compose service's environment, given as a map or as a list of NAME=VALUE. */
  private static Map<String, Object> composeEnv(Map<String, Object> service) {
    Object environment = service.get("environment");
    if (environment instanceof List<?> entries) {
      Map<String, Object> env = new LinkedHashMap<>();
      entries.forEach(e -> {
        String[] pair = text(e).split("=", 2);
        env.put(pair[0], pair.length == 2 ? pair[1] : null);
      });
      return env;
    }
    return environment == null ? Map.of() : map(environment, "environment");
  }

  private static Map<String, String> stringValues(Map<String, Object> values) {
    Map<String, String> strings = new LinkedHashMap<>();
    values.forEach((k, v) -> strings.put(k, text(v)));
    return strings;
  }

  /** The service module of a passk image {@code <group>/<module>:<tag>}; empty for other images. */
  private static Optional<String> moduleOf(String image) {
    String prefix = images.getProperty("quarkus.container-image.group") + "/";
    if (image == null || !image.startsWith(prefix)) {
      return Optional.empty();
    }
    String module = image.substring(prefix.length()).replaceAll(":.*$", "");
    if (!SERVICES.contains(module)) {
      throw new IllegalStateException("image " + image + " names no passk service; services: " + SERVICES);
    }
    return Optional.of(module);
  }

  /** The image deploy/build-images.sh builds for {@code module}. */
  private static String image(String module) {
    return images.getProperty("quarkus.container-image.group") + "/" + module + ":" + images.getProperty("quarkus.container-image.tag");
  }

  // ---- lookups and assertions

  private static boolean isWorkload(Manifest m) {
    return m.kind() != null && WORKLOADS.contains(m.kind());
  }

  private static List<Manifest> ofKind(String kind) {
    return manifests.stream().filter(m -> kind.equals(m.kind())).toList();
  }

  private static List<Manifest> inFile(Path file) {
    return manifests.stream().filter(m -> m.file().equals(file.normalize())).toList();
  }

  private static Manifest strimziKafka() {
    List<Manifest> kafkas = ofKind("Kafka");
    assertTrue(kafkas.size() == 1, "expected one Strimzi Kafka resource, found " + kafkas.size());
    return kafkas.get(0);
  }

  private static Manifest composeFile() {
    return manifests.stream().filter(m -> m.kind() == null && m.body().containsKey("services")).findFirst()
        .orElseThrow(() -> new AssertionError("no docker-compose file under " + deploy));
  }

  private static Map<String, Object> composeBroker() {
    return map(at(composeFile().body(), "services", "kafka"), composeFile().where() + " has no service kafka");
  }

  private static String resolvePort(Object port, Map<String, Integer> named) {
    String text = text(port);
    return text != null && named.containsKey(text) ? String.valueOf(named.get(text)) : text;
  }

  private static void expectEqual(List<String> problems, String what, String expected, Object actual) {
    if (!expected.equals(text(actual))) {
      problems.add(what + " is " + actual + ", expected " + expected);
    }
  }

  private static void expectAtLeast(List<String> problems, String what, long least, Object actual) {
    String value = text(actual);
    if (value == null || !value.matches("\\d+") || Long.parseLong(value) < least) {
      problems.add(what + " is " + actual + ", expected at least " + least);
    }
  }

  private static void expectMatch(List<String> problems, String what, String expected, Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    String found = m.find() ? m.group(1) : null;
    if (!expected.equals(found)) {
      problems.add(what + " is " + found + ", expected " + expected + " in: " + text);
    }
  }

  private static void assertNoProblems(List<String> problems) {
    assertTrue(problems.isEmpty(), () -> problems.size() + " mismatch(es) between deploy/ and the services:\n  "
        + String.join("\n  ", problems));
  }
}
