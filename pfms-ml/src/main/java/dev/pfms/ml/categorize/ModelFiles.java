package dev.pfms.ml.categorize;

import dev.pfms.api.ModelException;
import dev.pfms.api.model.ModelMetadata;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model file of a {@code tfidf-gbm} model directory: {@code model.bin}, a magic string, the
 * format version, then the labels, temperature, feature space and compiled ensemble. The directory,
 * {@code metadata.json}, checksums and the atomic move are {@link dev.pfms.api.categorize.ModelCategorizer}'s.
 * Version 1 directories (pfms 0.1) have the same {@code model.bin}; their {@code training.jsonl}
 * (plaintext training data) is not read.
 */
final class ModelFiles {

  static final String MODEL = "model.bin";
  private static final String MAGIC = "pfms/tfidf-gbm";

  private ModelFiles() {}

  static void write(Path dir, TfidfGbmModel m) throws IOException {
    try (java.io.OutputStream os = new BufferedOutputStream(Files.newOutputStream(dir.resolve(MODEL)))) {
      write(os, m);
    }
  }

  static void write(java.io.OutputStream os, TfidfGbmModel m) throws IOException {
    DataOutputStream out = new DataOutputStream(os);
    out.writeUTF(MAGIC);
    out.writeInt(m.metadata().formatVersion());
    m.write(out);
    out.flush();
  }

  static TfidfGbmModel read(dev.pfms.api.io.SavedModel saved, double reviewThreshold) throws IOException {
    Path dir = saved.directory();
    ModelMetadata md = saved.metadata();
    Path file = dir.resolve(MODEL);
    // the bytes the saved-model reader verified (and opened, when sealed)
    byte[] bytes = saved.find(MODEL).orElseThrow(() -> new ModelException(dir + ": " + MODEL + " is missing"));
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      String magic = in.readUTF();
      int v = in.readInt();
      if (!MAGIC.equals(magic) || v != md.formatVersion()) {
        throw new ModelException(file + " is not a tfidf-gbm model of format " + md.formatVersion());
      }
      TfidfGbmModel m = TfidfGbmModel.read(in, md, reviewThreshold);
      if (in.read() != -1) {
        throw new ModelException(file + " has bytes after the model: not a tfidf-gbm model");
      }
      if (!m.labels().stream().map(c -> c.code()).toList().equals(md.labels())) {
        throw new ModelException(dir + ": label set in metadata.json " + md.labels() + " differs from the model's");
      }
      return m;
    }
  }
}
