package dev.passk.verifiers;

/**
 * Scores one completion. Implementations are built by a {@link VerifierFactory} and must be safe to
 * call from several threads at once.
 *
 * <p>Contract: a bad, huge or hostile completion yields a result (usually {@code OK} with reward 0),
 * never an exception. A bad reference or a broken dependency yields {@code ERROR}. Long-running work
 * should stop when the calling thread is interrupted. {@link BoundedVerifier} enforces the time limit
 * and turns any exception into {@code ERROR}, so a plug-in bug cannot crash or hang the service.
 */
@FunctionalInterface
public interface Verifier {

  VerifierResult verify(VerificationRequest request);
}
