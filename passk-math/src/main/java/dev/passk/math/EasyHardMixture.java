package dev.passk.math;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The paper's prompt sets D_{d1,d2}: easy prompts with p_hat &gt; d1 mixed with hard prompts with
 * p_hat &lt; d2 (the paper uses d1 in {0.80, 0.85, 0.90}, d2 in {0.05, 0.10, 0.15}).
 *
 * @param easy indices of prompts with p_hat &gt; d1, ascending
 * @param hard indices of prompts with p_hat &lt; d2, ascending
 */
public record EasyHardMixture(List<Integer> easy, List<Integer> hard) {

  public EasyHardMixture {
    easy = List.copyOf(easy);
    hard = List.copyOf(hard);
  }

  /** Selects D_{d1,d2} from per-prompt success rates; needs 0 &lt;= d2 &lt;= d1 &lt;= 1. */
  public static EasyHardMixture select(double[] successRates, double d1, double d2) {
    if (!(0 <= d2 && d2 <= d1 && d1 <= 1)) {
      throw new IllegalArgumentException("need 0 <= d2 <= d1 <= 1, got d1 = " + d1 + ", d2 = " + d2);
    }
    return new EasyHardMixture(
        IntStream.range(0, successRates.length).filter(x -> successRates[x] > d1).boxed().toList(),
        IntStream.range(0, successRates.length).filter(x -> successRates[x] < d2).boxed().toList());
  }

  /** Easy then hard indices: the prompts of D_{d1,d2}. */
  public List<Integer> all() {
    return Stream.concat(easy.stream(), hard.stream()).toList();
  }
}
