package dev.passk.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default's character-level {@code tokenizer.json}: a WordLevel vocabulary of special
 * tokens, newline and printable ASCII; a pre-tokenizer that isolates every character; a template
 * that prepends {@value #BOS}; a Fuse decoder that joins characters back without spaces.
 */
public final class CharTokenizer {

  public static final String PAD = "<pad>";
  public static final String BOS = "<bos>";
  public static final String EOS = "<eos>";
  public static final String UNK = "<unk>";
  public static final long PAD_ID = 0;
  public static final long BOS_ID = 1;
  public static final long EOS_ID = 2;

  private CharTokenizer() {}

  /** The vocabulary in id order: the four special tokens, newline, then ASCII 32..126. */
  public static List<String> vocabulary() {
    List<String> vocabulary = new ArrayList<>(List.of(PAD, BOS, EOS, UNK, "\n"));
    for (char c = 32; c < 127; c++) {
      vocabulary.add(String.valueOf(c));
    }
    return vocabulary;
  }

  /** The bytes of {@code tokenizer.json}. */
  public static byte[] json() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    List<String> vocabulary = vocabulary();
    for (int id = 0; id < 4; id++) {
      ObjectNode token = added.addObject();
      token.put("id", id).put("content", vocabulary.get(id)).put("single_word", false)
          .put("lstrip", false).put("rstrip", false).put("normalized", false)
          .put("special", true);
    }
    root.putNull("normalizer");
    ObjectNode split = root.putObject("pre_tokenizer");
    split.put("type", "Split");
    split.putObject("pattern").put("Regex", "[\\s\\S]");
    split.put("behavior", "Isolated");
    split.put("invert", false);
    ObjectNode post = root.putObject("post_processor");
    post.put("type", "TemplateProcessing");
    ArrayNode single = post.putArray("single");
    single.addObject().putObject("SpecialToken").put("id", BOS).put("type_id", 0);
    single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    ArrayNode pair = post.putArray("pair");
    pair.addObject().putObject("SpecialToken").put("id", BOS).put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
    ObjectNode bos = post.putObject("special_tokens").putObject(BOS);
    bos.put("id", BOS);
    bos.putArray("ids").add(BOS_ID);
    bos.putArray("tokens").add(BOS);
    root.putObject("decoder").put("type", "Fuse");
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel");
    ObjectNode vocab = model.putObject("vocab");
    for (int id = 0; id < vocabulary.size(); id++) {
      vocab.put(vocabulary.get(id), id);
    }
    model.put("unk_token", UNK);
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
