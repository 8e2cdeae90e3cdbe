package dev.passk.report.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol with the JDK's own HTTP and WebSocket
 * clients, for the browser tests of the report and the dashboard. It needs no driver, no download
 * and no dependency beyond Jackson: only the browser binary ({@code /usr/bin/chromium}, Debian's
 * package, or {@code -Dpassk.chromium=PATH} / env {@code PASSK_CHROMIUM}).
 *
 * <p>Page errors are collected: uncaught exceptions, {@code console.error} and browser log entries of
 * level error (a failed resource load, say); {@link #errors()} returns them.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
      "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--no-default-browser-check",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-extensions", "--force-device-scale-factor=1", "--remote-debugging-port=0");

  private final Process process;
  private final Path profile;
  private final Object sending = new Object();
  private WebSocket socket; // set once by start(), before the first call
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
  private final List<String> errors = new ArrayList<>();
  private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

  private HeadlessChromium(Process process, Path profile) {
    this.process = process;
    this.profile = profile;
  }

  /** The browser binary: {@code passk.chromium} property, {@code PASSK_CHROMIUM} env, or /usr/bin/chromium. */
  public static Path executable() {
    String configured = System.getProperty("passk.chromium", System.getenv("PASSK_CHROMIUM"));
    return Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
  }

  /**
   * Empty when a browser can be started here, else why not (the reason for a test to skip). When
   * {@code -Dbrowser.required=true} or env {@code BROWSER_REQUIRED=true}, a missing browser throws
   * instead, so that CI cannot pass with every browser test skipped.
   */
  public static Optional<String> skipReason() {
    Path exe = executable();
    if (Files.isExecutable(exe)) {
      return Optional.empty();
    }
    String reason = "no Chromium at " + exe + " (apt-get install chromium, or set -Dpassk.chromium=PATH)";
    if (Boolean.parseBoolean(System.getProperty("browser.required", System.getenv("BROWSER_REQUIRED")))) {
      throw new IllegalStateException("a browser is required (browser.required / BROWSER_REQUIRED) but " + reason);
    }
    return Optional.of(reason);
  }

  /** Starts a browser with a fresh profile and a window of the given size, showing about:blank. */
  public static HeadlessChromium start(int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("passk-chromium-");
    List<String> command = new ArrayList<>();
    command.add(executable().toString());
    command.addAll(FLAGS);
    command.add("--window-size=" + width + "," + height);
    command.add("--user-data-dir=" + profile);
    command.add("about:blank");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile()).start();
    try {
      String page = pageSocketUrl(process, profile);
      HeadlessChromium browser = new HeadlessChromium(process, profile);
      browser.socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(page), new Listener(browser::onMessage))
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      for (String domain : List.of("Page", "Runtime", "Log")) {
        browser.call(domain + ".enable", JSON.createObjectNode());
      }
      return browser;
    } catch (Exception e) {
      destroy(process);
      deleteTree(profile);
      throw new IOException("Chromium (" + executable() + ") did not start: " + e, e);
    }
  }

  /** Loads {@code url} and waits for its load event. */
  public void navigate(String url) {
    loaded = new CompletableFuture<>();
    JsonNode result = call("Page.navigate", JSON.createObjectNode().put("url", url));
    if (result.hasNonNull("errorText")) {
      throw new IllegalStateException("could not load " + url + ": " + result.get("errorText").asText());
    }
    loaded.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** Evaluates a JavaScript expression in the page and returns its value as JSON. */
  public JsonNode evaluate(String expression) {
    JsonNode result = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("JavaScript failed: " + expression + ": " + result.get("exceptionDetails"));
    }
    JsonNode value = result.get("result").get("value");
    return value == null ? JSON.nullNode() : value;
  }

  /** Polls a JavaScript condition until it is true; false when {@code timeout} passed first. */
  public boolean waitFor(String condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (evaluate("!!(" + condition + ")").asBoolean()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Saves a PNG of the whole page (beyond the window) and returns its decoded bytes. */
  public byte[] screenshot(Path png) throws IOException {
    JsonNode shot = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
        .put("captureBeyondViewport", true));
    byte[] bytes = Base64.getDecoder().decode(shot.get("data").asText());
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, bytes);
    return bytes;
  }

  /** Page errors so far: uncaught exceptions, console.error calls and error log entries. */
  public synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  @Override
  public void close() {
    try {
      call("Browser.close", JSON.createObjectNode());
    } catch (RuntimeException e) {
      // The browser may already be gone; the process is ended below either way.
    }
    destroy(process);
    deleteTree(profile);
  }

  private JsonNode call(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    calls.put(id, reply);
    String message = JSON.createObjectNode().put("id", id).put("method", method).set("params", params).toString();
    synchronized (sending) { // one message in flight at a time, as WebSocket.sendText requires
      socket.sendText(message, true).join();
    }
    JsonNode answer = reply.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    if (answer.has("error")) {
      throw new IllegalStateException("DevTools " + method + " failed: " + answer.get("error"));
    }
    return answer.get("result");
  }

  private void onMessage(String text) {
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (message.has("id")) {
      CompletableFuture<JsonNode> reply = calls.remove(message.get("id").asInt());
      if (reply != null) {
        reply.complete(message);
      }
      return;
    }
    JsonNode params = message.path("params");
    switch (message.path("method").asText()) {
      case "Page.loadEventFired" -> loaded.complete(null);
      case "Runtime.exceptionThrown" -> addError("uncaught: " + params.path("exceptionDetails").path("exception")
          .path("description").asText(params.path("exceptionDetails").path("text").asText()));
      case "Runtime.consoleAPICalled" -> {
        if (params.path("type").asText().equals("error") || params.path("type").asText().equals("assert")) {
          addError("console." + params.path("type").asText() + ": " + params.path("args"));
        }
      }
      case "Log.entryAdded" -> {
        if (params.path("entry").path("level").asText().equals("error")) {
          addError("log: " + params.path("entry").path("text").asText() + " " + params.path("entry").path("url").asText());
        }
      }
      default -> { }
    }
  }

  private synchronized void addError(String error) {
    errors.add(error);
  }

  /** The DevTools port is written to the profile's DevToolsActivePort; the page target is listed on /json/list. */
  private static String pageSocketUrl(Process process, Path profile) throws IOException, InterruptedException {
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IOException("no DevToolsActivePort after " + TIMEOUT.toSeconds() + " s (browser "
            + (process.isAlive() ? "still running" : "exited with " + process.exitValue()) + ")");
      }
      Thread.sleep(50);
    }
    String port = Files.readAllLines(portFile).get(0).trim();
    HttpClient http = HttpClient.newHttpClient();
    while (true) {
      HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
          .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      for (JsonNode target : JSON.readTree(list.body())) {
        if (target.path("type").asText().equals("page")) {
          return target.get("webSocketDebuggerUrl").asText();
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the browser lists no page target: " + list.body());
      }
      Thread.sleep(50);
    }
  }

  private static void destroy(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary profile is harmless.
    }
    dir.resolveSibling(dir.getFileName() + ".log").toFile().delete();
  }

  /** Joins a message's fragments and hands whole messages on. */
  private static final class Listener implements WebSocket.Listener {
    private final Consumer<String> onMessage;
    private final StringBuilder partial = new StringBuilder();

    Listener(Consumer<String> onMessage) {
      this.onMessage = onMessage;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        onMessage.accept(message);
      }
      webSocket.request(1);
      return null;
    }
  }
}
