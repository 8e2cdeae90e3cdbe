package dev.passk.tasks;

/**
 * A prompt with a completion to imitate in the supervised warm-start.
 *
 * @param prompt the prompt
 * @param completion the text the policy should produce after {@code prompt.text()} (no stop token:
 *     the policy appends its own end-of-sequence token)
 */
public record Demonstration(Prompt prompt, String completion) {}
