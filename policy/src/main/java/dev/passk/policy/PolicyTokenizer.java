package dev.passk.policy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * A checkpoint's {@code tokenizer.json} (DJL's Hugging Face tokenizers). Prompts are encoded with
 * the tokenizer's special tokens (its template may add a BOS); completions without, so that
 * {@code prompt ids ++ completion ids} is the sequence the model saw while sampling.
 */
public final class PolicyTokenizer implements AutoCloseable {

  private final byte[] json;
  private final HuggingFaceTokenizer tokenizer;

  /** @param json the bytes of {@code tokenizer.json}, kept so a save writes them back unchanged */
  public PolicyTokenizer(byte[] json) throws IOException {
    this.json = json.clone();
    // No truncation, no padding: the policy pads and checks lengths itself.
    this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json),
        Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
  }

  /** The {@code tokenizer.json} bytes this tokenizer was built from. */
  public byte[] json() {
    return json.clone();
  }

  /** Prompt ids with the tokenizer's special tokens (e.g. a leading BOS). */
  public long[] encodePrompt(String prompt) {
    return tokenizer.encode(prompt, true, false).getIds();
  }

  /** Completion ids without special tokens. */
  public long[] encodeCompletion(String completion) {
    return tokenizer.encode(completion, false, false).getIds();
  }

  /** Text of {@code ids}, special tokens left out. */
  public String decode(long[] ids) {
    return ids.length == 0 ? "" : tokenizer.decode(ids, true);
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  @Override
  public String toString() {
    return "PolicyTokenizer(" + Arrays.hashCode(json) + ")";
  }
}
