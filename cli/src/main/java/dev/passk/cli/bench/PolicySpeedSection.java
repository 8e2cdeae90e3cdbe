package dev.passk.cli.bench;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.policy.Policy;
import dev.passk.policy.PolicyTrainer;
import dev.passk.policy.PolicyTrainer.Normalisation;
import dev.passk.policy.PolicyTrainer.WeightedSequence;
import dev.passk.policy.SamplingSettings;
import dev.passk.policy.TrainerSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default policy against its PyTorch eager peer ({@code bench/tiny_llama_peer.py}: same
 * architecture, sizes, shapes and one thread), in alternating rounds of one run: one AdamW training
 * step on 64 rows of 10 tokens, and KV-cache sampling of 64 rows (8 prompts x 8 samples, 7 prompt
 * tokens) for 8 new tokens.
 */
public final class PolicySpeedSection implements BenchSection {

  static final String PEER_SCRIPT = "bench/tiny_llama_peer.py";
  private static final int ROWS = 64;
  private static final int NEW_TOKENS = 8;
  private static final int WARM_UP = 300;

  @Override
  public String name() {
    return "policy vs PyTorch";
  }

  @Override
  public List<BenchRow> run(BenchSettings settings, PrintStream log) throws Exception {
    int reps = settings.quick() ? 5 : 20;
    PythonPeer peer = PythonPeer.find(settings.home().resolve(PEER_SCRIPT), log);
    double[] ourTrain = new double[settings.rounds()];
    double[] ourSample = new double[settings.rounds()];
    double[] ourTokens = new double[settings.rounds()];
    double[] peerTrain = new double[settings.rounds()];
    double[] peerSample = new double[settings.rounds()];
    String peerVersion = "";
    try (Policy policy = Policy.tiny(7, Device.cpu());
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults())) {
      List<WeightedSequence> batch = trainingBatch(policy);
      List<String> prompts = new ArrayList<>();
      for (int i = 0; i < ROWS / 8; i++) {
        prompts.add(String.format("%02d+%02d=", 11 * i % 100, 7 * i % 100)); // 6 chars + BOS
      }
      SamplingSettings sampling = new SamplingSettings(1.0, 1.0, NEW_TOKENS);
      // Warm-up to steady state: the peer's 5 repetitions are enough for Python, not for the JVM,
      // which keeps compiling DJL's Java layer for a few hundred ops' worth of calls (with 5, the
      // first timed rounds ran up to 3x slower than the later ones).
      for (int i = 0; i < WARM_UP; i++) {
        trainer.step(batch, Normalisation.SEQUENCE);
        policy.sample(prompts, 8, sampling, i);
      }
      for (int round = 0; round < settings.rounds(); round++) {
        if (peer.available()) {
          JsonNode result = peer.run(reps);
          peerTrain[round] = result.get("train_step_ms").asDouble();
          peerSample[round] = result.get("sample_batch_ms").asDouble();
          peerVersion = result.get("torch").asText();
        }
        ourTrain[round] = Medians.millis(reps, () -> trainer.step(batch, Normalisation.SEQUENCE));
        long[] tokens = new long[1];
        int seed = round;
        ourSample[round] = Medians.millis(reps, () -> tokens[0] = policy.sample(prompts, 8, sampling, seed)
            .stream().flatMap(List::stream).mapToLong(c -> c.tokenIds().length).sum());
        ourTokens[round] = tokens[0];
        log.printf("  round %d: train step DJL %.1f ms, PyTorch %s; sampling batch DJL %.1f ms, PyTorch %s%n",
            round + 1, ourTrain[round], peer.available() ? String.format("%.1f ms", peerTrain[round]) : "n/a",
            ourSample[round], peer.available() ? String.format("%.1f ms", peerSample[round]) : "n/a");
      }
    }
    double train = Medians.of(ourTrain);
    double sample = Medians.of(ourSample);
    String who = peer.available() ? "PyTorch " + peerVersion + " eager, 1 thread" : peer.reason();
    // Batch times, not tokens/s: our sampler ends a row at EOS (it drew a median of
    // Medians.of(ourTokens) tokens of the 512) while the peer always draws all 8, yet both batches run
    // until their longest row is done, so the work per batch is the same.
    log.printf("  DJL drew a median of %.0f of %d tokens a batch (rows end at EOS)%n", Medians.of(ourTokens),
        ROWS * NEW_TOKENS);
    List<BenchRow> rows = new ArrayList<>();
    String trainMetric = "training step, 64 x 10 tokens (AdamW)";
    String sampleMetric = "KV-cache sampling batch, 64 rows x up to 8 new tokens";
    if (peer.available()) {
      double peerTrainMs = Medians.of(peerTrain);
      double peerSampleMs = Medians.of(peerSample);
      rows.add(new BenchRow(name(), trainMetric, train, "ms", peerTrainMs, train / peerTrainMs,
          "DJL/" + who + " time: < 1 is faster", ""));
      rows.add(new BenchRow(name(), sampleMetric, sample, "ms", peerSampleMs, sample / peerSampleMs,
          "DJL/" + who + " time: < 1 is faster", ""));
    } else {
      log.println("  PyTorch peer skipped: " + peer.reason());
      rows.add(BenchRow.plain(name(), trainMetric + " (peer: " + who + ")", train, "ms"));
      rows.add(BenchRow.plain(name(), sampleMetric + " (peer: " + who + ")", sample, "ms"));
    }
    return rows;
  }

  /** 64 rows of BOS + 6 prompt characters + 2 answer characters + EOS = 10 tokens, as the peer. */
  private static List<WeightedSequence> trainingBatch(Policy policy) {
    List<WeightedSequence> batch = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      int a = (13 * i) % 50;
      int b = (29 * i) % 49;
      batch.add(new WeightedSequence(
          policy.encode(String.format("%02d+%02d=", a, b), String.format("%02d", (a + b) % 100)), 1.0));
    }
    return batch;
  }

  /** The Python side: python3 with torch, or the reason it cannot run. */
  record PythonPeer(String python, Path script, String reason) {

    /** Debian's python3-torch installs for /usr/bin/python3, which a pyenv or venv on PATH may hide. */
    private static final List<String> INTERPRETERS = List.of("/usr/bin/python3", "python3");

    static PythonPeer find(Path script, PrintStream log) throws InterruptedException {
      if (!Files.isRegularFile(script)) {
        return new PythonPeer("", script, "peer script " + script + " is missing");
      }
      String python = withTorch();
      if (python.isEmpty()) {
        log.println("  python3 with torch is missing; trying: apt-get install -y python3-torch libopenblas0-openmp");
        tryInstall(log);
        python = withTorch();
        if (python.isEmpty()) {
          return new PythonPeer("", script, "python3-torch is not installed (apt-get install python3-torch "
              + "libopenblas0-openmp, as root, then rerun)");
        }
      }
      return new PythonPeer(python, script, "");
    }

    boolean available() {
      return reason.isEmpty();
    }

    JsonNode run(int reps) throws IOException, InterruptedException {
      ProcessBuilder builder = new ProcessBuilder(python, script.toString(), "--reps", Integer.toString(reps));
      // One thread, and the OpenMP OpenBLAS build (the reference BLAS is ~7x slower: notes in the script).
      builder.environment().put("OMP_NUM_THREADS", "1");
      builder.environment().put("OPENBLAS_NUM_THREADS", "1");
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (process.waitFor() != 0 || output.isEmpty()) {
        throw new IOException("the PyTorch peer failed (exit " + process.exitValue() + "): run python3 "
            + script + " to see why");
      }
      String[] lines = output.split("\n");
      return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    /** The first interpreter that imports torch, or "" when none does. */
    private static String withTorch() throws InterruptedException {
      for (String python : INTERPRETERS) {
        try {
          Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
          if (p.waitFor() == 0) {
            return python;
          }
        } catch (IOException e) {
          // not installed under this name: try the next
        }
      }
      return "";
    }

    private static void tryInstall(PrintStream log) throws InterruptedException {
      try {
        Process p = new ProcessBuilder("sh", "-c", "[ \"$(id -u)\" = 0 ] && DEBIAN_FRONTEND=noninteractive "
            + "apt-get install -y -qq python3-torch libopenblas0-openmp").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        log.println("  apt-get finished with exit code " + p.waitFor());
      } catch (IOException e) {
        log.println("  could not run apt-get: " + e.getMessage());
      }
    }
  }
}
