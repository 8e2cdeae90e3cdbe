package dev.passk.example;

import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierFactory;
import dev.passk.verifiers.VerifierOptions;
import dev.passk.verifiers.VerifierResult;
import java.util.Map;

/**
 * An example third-party verifier: reward 1 when the completion contains the answer (ignoring case)
 * in at most {@code max-words} words. Everything a plug-in needs is here: a {@link Verifier}, a
 * {@link VerifierFactory} with a public no-argument constructor, and one line in
 * {@code META-INF/services/dev.passk.verifiers.VerifierFactory}.
 */
public final class MaxWordsVerifier implements Verifier {

  private final int maxWords;

  MaxWordsVerifier(int maxWords) {
    this.maxWords = maxWords;
  }

  @Override
  public VerifierResult verify(VerificationRequest request) {
    String completion = request.completion().strip();
    int words = completion.isEmpty() ? 0 : completion.split("\\s+", maxWords + 2).length;
    if (words > maxWords) {
      return VerifierResult.ok(0.0, "more than " + maxWords + " words");
    }
    boolean found = completion.toLowerCase().contains(request.answer().strip().toLowerCase());
    return VerifierResult.of(found, (found ? "contains the answer in " : "no answer in ") + words + " words");
  }

  /** Registered under the name {@code max-words}; option {@code max-words} (default 20). */
  public static final class Factory implements VerifierFactory {
    @Override
    public String name() {
      return "max-words";
    }

    @Override
    public String description() {
      return "example plug-in: completion contains the answer in at most max-words words; options: max-words (20)";
    }

    @Override
    public Verifier create(Map<String, String> options) {
      VerifierOptions o = new VerifierOptions(name(), options);
      MaxWordsVerifier verifier = new MaxWordsVerifier(o.integer("max-words", 20, 1, 1_000_000));
      o.finish();
      return verifier;
    }
  }
}
