package dev.pfms.ml.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns sentences into L2-normalized sentence embeddings: HuggingFace tokenization of the whole
 * batch (padded to its longest member), one forward pass, then attention-masked mean pooling and L2
 * normalization done on plain float arrays, so no NDArray operator is needed from the engine (the
 * OnnxRuntime engine has almost none). A model that already outputs {@code [batch, dim]} is only
 * normalized.
 *
 * <p>Thread-safe: it keeps no per-call state outside the {@link TranslatorContext}.
 */
final class MeanPoolingTranslator implements Translator<String, float[]> {

  private static final String MASK = "pfms.attentionMask";
  private static final String LENGTH = "pfms.length";

  private final HuggingFaceTokenizer tokenizer;
  private final boolean tokenTypes;

  /**
   * Creates the translator.
   *
   * @param tokenizer the model's tokenizer, configured to pad to the longest and truncate
   * @param tokenTypes whether the model takes {@code token_type_ids} as its third input
   */
  MeanPoolingTranslator(HuggingFaceTokenizer tokenizer, boolean tokenTypes) {
    this.tokenizer = tokenizer;
    this.tokenTypes = tokenTypes;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, String input) {
    return batchProcessInput(ctx, List.of(input));
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList list) {
    return batchProcessOutput(ctx, list).get(0);
  }

  @Override
  public NDList batchProcessInput(TranslatorContext ctx, List<String> inputs) {
    Encoding[] enc = tokenizer.batchEncode(inputs);
    int b = enc.length;
    int t = 0;
    for (Encoding e : enc) {
      t = Math.max(t, e.getIds().length);
    }
    long[] ids = new long[b * t];
    long[] mask = new long[b * t];
    for (int i = 0; i < b; i++) {
      long[] id = enc[i].getIds();
      long[] m = enc[i].getAttentionMask();
      System.arraycopy(id, 0, ids, i * t, id.length);
      System.arraycopy(m, 0, mask, i * t, m.length);
    }
    NDManager nd = ctx.getNDManager();
    Shape shape = new Shape(b, t);
    NDArray idArray = nd.create(ids, shape);
    idArray.setName("input_ids");
    NDArray maskArray = nd.create(mask, shape);
    maskArray.setName("attention_mask");
    NDList list = new NDList(idArray, maskArray);
    if (tokenTypes) {
      NDArray types = nd.zeros(shape, ai.djl.ndarray.types.DataType.INT64);
      types.setName("token_type_ids");
      list.add(types);
    }
    ctx.setAttachment(MASK, mask);
    ctx.setAttachment(LENGTH, t);
    return list;
  }

  @Override
  public List<float[]> batchProcessOutput(TranslatorContext ctx, NDList list) {
    NDArray out = list.get(0);
    Shape s = out.getShape();
    float[] flat = out.toFloatArray();
    List<float[]> result = new ArrayList<>();
    if (s.dimension() == 2) {
      int b = (int) s.get(0);
      int d = (int) s.get(1);
      for (int i = 0; i < b; i++) {
        float[] v = new float[d];
        System.arraycopy(flat, i * d, v, 0, d);
        result.add(normalize(v));
      }
      return result;
    }
    if (s.dimension() != 3) {
      throw new IllegalStateException("embedding model output has shape " + s + "; expected [batch, tokens, dim] or [batch, dim]");
    }
    long[] mask = (long[]) ctx.getAttachment(MASK);
    int b = (int) s.get(0);
    int t = (int) s.get(1);
    int d = (int) s.get(2);
    for (int i = 0; i < b; i++) {
      float[] v = new float[d];
      int n = 0;
      for (int j = 0; j < t; j++) {
        if (mask[i * t + j] == 0) {
          continue;
        }
        n++;
        int off = (i * t + j) * d;
        for (int k = 0; k < d; k++) {
          v[k] += flat[off + k];
        }
      }
      if (n > 0) {
        for (int k = 0; k < d; k++) {
          v[k] /= n;
        }
      }
      result.add(normalize(v));
    }
    return result;
  }

  private static float[] normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    double norm = Math.sqrt(sum);
    if (norm > 0) {
      for (int k = 0; k < v.length; k++) {
        v[k] = (float) (v[k] / norm);
      }
    }
    return v;
  }
}
