package dev.passk.cli.bench;

/**
 * One measured figure of {@code ./passk bench}. Where a peer was measured side by side in the same
 * run, {@code ratio} is ours / peer in the direction stated by {@code ratioMeaning} (so a reader
 * never has to guess whether bigger is better).
 *
 * @param section which benchmark produced it
 * @param metric what was measured, in words
 * @param value our median
 * @param unit the unit of value and peer
 * @param peer the peer's median, NaN when there is no peer
 * @param ratio value/peer or peer/value as ratioMeaning says, NaN when there is no peer
 * @param ratioMeaning e.g. "ours/PyTorch time: < 1 is faster", empty when there is no ratio
 * @param target the target for the ratio, empty when none
 */
public record BenchRow(String section, String metric, double value, String unit, double peer,
    double ratio, String ratioMeaning, String target) {

  public static BenchRow plain(String section, String metric, double value, String unit) {
    return new BenchRow(section, metric, value, unit, Double.NaN, Double.NaN, "", "");
  }
}
