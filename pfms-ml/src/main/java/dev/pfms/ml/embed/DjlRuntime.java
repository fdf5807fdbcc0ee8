package dev.pfms.ml.embed;

import dev.pfms.api.ModelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prepares DJL for offline use and checks that the optional artifacts are on the class path, so a
 * missing one fails with the Maven coordinates to add instead of a {@code NoClassDefFoundError}.
 *
 * <p>It deliberately touches no engine or tokenizer class itself (those jars are optional).
 */
final class DjlRuntime {

  static final String DJL_VERSION = "0.36.0";
  static final String ORT_ARTIFACT = "ai.djl.onnxruntime:onnxruntime-engine:" + DJL_VERSION;
  static final String PYTORCH_ARTIFACTS = "ai.djl.pytorch:pytorch-engine:" + DJL_VERSION
      + ", ai.djl.pytorch:pytorch-jni:2.7.1-" + DJL_VERSION
      + " and ai.djl.pytorch:pytorch-native-cpu:2.7.1 (classifier linux-x86_64)";
  static final String TOKENIZER_ARTIFACT = "ai.djl.huggingface:tokenizers:" + DJL_VERSION;

  private DjlRuntime() {}

  /**
   * Switches DJL to offline mode and points native extraction at {@code cacheDir/engines} unless
   * the application already chose a directory ({@code ENGINE_CACHE_DIR} environment variable or
   * system property). DJL reads both once per JVM, so the first categorizer created decides.
   *
   * @param cacheDir the pfms DJL cache directory
   */
  static synchronized void prepare(Path cacheDir) {
    System.setProperty("ai.djl.offline", "true");
    if (System.getenv("ENGINE_CACHE_DIR") == null && System.getProperty("ENGINE_CACHE_DIR") == null) {
      Path engines = cacheDir.resolve("engines");
      try {
        Files.createDirectories(engines);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the DJL engine cache directory " + engines, e);
      }
      System.setProperty("ENGINE_CACHE_DIR", engines.toString());
    }
  }

  /**
   * Fails clearly when the tokenizer or the engine for a model is missing.
   *
   * @param engine {@code OnnxRuntime} or {@code PyTorch}
   * @throws ModelException naming the artifacts to add
   */
  static void requireRuntime(String engine) {
    require("ai.djl.huggingface.tokenizers.HuggingFaceTokenizer", "the HuggingFace tokenizer", TOKENIZER_ARTIFACT);
    switch (engine) {
      case "OnnxRuntime" -> require("ai.djl.onnxruntime.engine.OrtEngineProvider", "the OnnxRuntime engine", ORT_ARTIFACT);
      case "PyTorch" -> {
        require("ai.djl.pytorch.engine.PtEngineProvider", "the PyTorch engine", PYTORCH_ARTIFACTS);
      }
      default -> throw new IllegalArgumentException("unsupported engine '" + engine + "'; use OnnxRuntime or PyTorch");
    }
    if (!ai.djl.engine.Engine.hasEngine(engine)) {
      String missing = engine.equals("PyTorch") ? PYTORCH_ARTIFACTS : ORT_ARTIFACT;
      throw new ModelException("DJL engine '" + engine + "' is not available (installed: "
          + ai.djl.engine.Engine.getAllEngines() + "); add " + missing + " to the class path");
    }
  }

  static void require(String className, String what, String artifact) {
    try {
      Class.forName(className, false, DjlRuntime.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ModelException("the embedding categorizer needs " + what + ": add " + artifact
          + " to your dependencies (see pfms docs: embedding categorizer)", e);
    }
  }

  /**
   * The engine for a model file name.
   *
   * @param fileName e.g. {@code model.onnx}
   * @return the DJL engine name
   */
  static String engineFor(String fileName) {
    String f = fileName.toLowerCase(Locale.ROOT);
    if (f.endsWith(".onnx")) {
      return "OnnxRuntime";
    }
    if (f.endsWith(".pt") || f.endsWith(".torchscript")) {
      return "PyTorch";
    }
    throw new IllegalArgumentException("cannot tell the engine of model file '" + fileName
        + "': expected .onnx (OnnxRuntime) or .pt (TorchScript, PyTorch)");
  }
}
