package dev.pfms.api.categorize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pfms.api.ModelException;
import dev.pfms.api.model.ModelMetadata;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saving and loading model directories for {@link ModelCategorizer}: atomic, locked, checksummed,
 * bounded. To be replaced by the shared saved-model format of issue #11 once it lands; the on-disk
 * form ({@code metadata.json} plus the model's files, and {@code files} in the metadata mapping each
 * file to its SHA-256) stays readable.
 */
final class SavedModels {

  static final long DEFAULT_MAX_BYTES = 1L << 30;
  static final String FILES = "files";
  private static final Logger LOG = LoggerFactory.getLogger(SavedModels.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
  /** Files that older versions wrote beside the model and this version neither writes nor reads. */
  private static final List<String> LEGACY = List.of("training.jsonl");

  private SavedModels() {}

  @FunctionalInterface
  private interface Locked<T> {
    T run() throws IOException;
  }

  /** Runs under a lock on the directory: in this process, and across processes through a lock file. */
  private static <T> T locked(Path dir, Locked<T> body) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    ReentrantLock l = IN_PROCESS.computeIfAbsent(abs, k -> new ReentrantLock());
    l.lock();
    try (FileChannel ch = FileChannel.open(parent.resolve("." + abs.getFileName() + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      return body.run();
    } finally {
      l.unlock();
    }
  }

  static void save(Path dir, CategorizerModel model) throws IOException {
    locked(dir, () -> {
      Path abs = dir.toAbsolutePath().normalize();
      Path parent = abs.getParent();
      String name = abs.getFileName().toString();
      recover(abs);
      Path tmp = Files.createTempDirectory(parent, "." + name + ".tmp-");
      try {
        model.save(tmp);
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.list(tmp)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            String fn = f.getFileName().toString();
            if (fn.equals(ModelMetadata.FILE_NAME) || !Files.isRegularFile(f)) {
              throw new ModelException("a model must write plain files other than " + ModelMetadata.FILE_NAME
                  + ", not " + fn);
            }
            digests.put(fn, sha256(f, Long.MAX_VALUE));
            fsync(f);
          }
        }
        writeMetadata(tmp, model.metadata(), digests);
        fsync(tmp.resolve(ModelMetadata.FILE_NAME));
        fsync(tmp);
        if (Files.exists(abs)) {
          Path old = parent.resolve("." + name + ".old-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
          move(abs, old);
          move(tmp, abs);
          fsync(parent);
          deleteTree(old);
        } else {
          move(tmp, abs);
          fsync(parent);
        }
        return null;
      } catch (IOException | RuntimeException | Error e) {
        try {
          deleteTree(tmp);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    });
  }

  static ModelMetadata readMetadata(Path dir) throws IOException {
    return locked(dir, () -> {
      Path abs = dir.toAbsolutePath().normalize();
      recover(abs);
      Path metaFile = abs.resolve(ModelMetadata.FILE_NAME);
      if (!Files.isRegularFile(metaFile)) {
        throw new ModelException(dir + " is not a saved model: " + ModelMetadata.FILE_NAME + " is missing");
      }
      if (Files.size(metaFile) > 1 << 20) {
        throw new ModelException(metaFile + " is larger than 1 MiB: not model metadata");
      }
      JsonNode n;
      try {
        n = JSON.readTree(metaFile.toFile());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new ModelException(metaFile + ": malformed model metadata: " + e.getOriginalMessage(), e);
      }
      if (n == null || !n.isObject()) {
        throw new ModelException(metaFile + ": not a JSON object");
      }
      return ModelMetadata.readFrom(abs, n.path("provider").asText(""), n.path("formatVersion").asInt(-1));
    });
  }

  static CategorizerModel load(Path dir, CategorizerTrainer trainer, long maxBytes) throws IOException {
    return locked(dir, () -> {
      Path abs = dir.toAbsolutePath().normalize();
      recover(abs);
      Path metaFile = abs.resolve(ModelMetadata.FILE_NAME);
      if (!Files.isRegularFile(metaFile)) {
        throw new ModelException(dir + " is not a saved model: " + ModelMetadata.FILE_NAME + " is missing");
      }
      if (Files.size(metaFile) > 1 << 20) {
        throw new ModelException(metaFile + " is larger than 1 MiB: not model metadata");
      }
      try {
        JsonNode n = JSON.readTree(metaFile.toFile());
        if (n == null || !n.isObject()) {
          throw new ModelException(metaFile + ": not a JSON object");
        }
        String provider = n.path("provider").asText("");
        if (!provider.equals(trainer.provider())) {
          throw new ModelException(dir + " holds a model of provider '" + provider + "', not '"
              + trainer.provider() + "'; load it with that provider");
        }
        int version = n.path("formatVersion").asInt(-1);
        if (version < trainer.oldestFormatVersion() || version > trainer.formatVersion()) {
          throw new ModelException(dir + " holds a '" + provider + "' model in format version " + version
              + "; this pfms reads versions " + trainer.oldestFormatVersion() + " to " + trainer.formatVersion()
              + ": retrain, or use a matching pfms");
        }
        ModelMetadata md = ModelMetadata.readFrom(abs, provider, version);
        verifyFiles(abs, n, maxBytes);
        for (String legacy : LEGACY) {
          if (Files.exists(abs.resolve(legacy))) {
            LOG.warn("{} holds {} written by an older pfms, which keeps training data in plaintext; it is not read."
                + " Save the model again to replace the directory without it", abs, legacy);
          }
        }
        CategorizerModel m = trainer.load(abs, md);
        if (m == null) {
          throw new ModelException(trainer.provider() + " loaded no model from " + dir);
        }
        return m;
      } catch (ModelException e) {
        throw e;
      } catch (EOFException | UTFDataFormatException | com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new ModelException(dir + ": saved model is truncated or corrupt: " + e, e);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
        // NegativeArraySizeException, ClassCastException, IndexOutOfBounds…: bad bytes, not a bug to surface raw
        throw new ModelException(dir + ": saved model is corrupt (" + e.getClass().getSimpleName() + ")", e);
      }
    });
  }

  /**
   * Checks the files named in the metadata: present, within the size limit, matching their SHA-256.
   * Version 1 metadata (pfms 0.1) had no {@code files}; tfidf-gbm recorded {@code modelSha256}.
   */
  private static void verifyFiles(Path dir, JsonNode n, long maxBytes) throws IOException {
    Map<String, String> expected = new TreeMap<>();
    JsonNode files = n.get(FILES);
    if (files != null && files.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        expected.put(e.getKey(), e.getValue().asText());
      }
    } else if (n.hasNonNull("modelSha256")) {
      expected.put("model.bin", n.get("modelSha256").asText());
    }
    long total = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path f : ds) {
        if (Files.isRegularFile(f)) {
          total += Files.size(f);
        }
      }
    }
    if (total > maxBytes) {
      throw new ModelException(dir + " holds " + total + " bytes, more than the " + maxBytes
          + " a model may have (ModelCategorizer.Builder.maxModelBytes)");
    }
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String fn = e.getKey();
      if (fn.contains("/") || fn.contains("\\") || fn.startsWith(".")) {
        throw new ModelException(dir + ": metadata names an invalid file '" + fn + "'");
      }
      Path f = dir.resolve(fn);
      if (!Files.isRegularFile(f)) {
        throw new ModelException(dir + ": " + fn + " is missing");
      }
      if (!e.getValue().equals(sha256(f, maxBytes))) {
        throw new ModelException(f + " does not match its SHA-256 in " + ModelMetadata.FILE_NAME
            + ": the file was changed or truncated");
      }
    }
  }

  private static void writeMetadata(Path dir, ModelMetadata md, Map<String, String> digests) throws IOException {
    md.writeTo(dir);
    Path f = dir.resolve(ModelMetadata.FILE_NAME);
    ObjectNode n = (ObjectNode) JSON.readTree(f.toFile());
    ObjectNode files = n.putObject(FILES);
    digests.forEach(files::put);
    Files.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
  }

  /** A save that died between its two renames left the previous model as {@code .name.old-*}: put it back. */
  private static void recover(Path abs) throws IOException {
    if (Files.exists(abs)) {
      return;
    }
    List<Path> olds = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(abs.getParent(), "." + abs.getFileName() + ".old-*")) {
      ds.forEach(olds::add);
    }
    for (Path old : olds) {
      if (Files.isRegularFile(old.resolve(ModelMetadata.FILE_NAME))) {
        LOG.warn("restoring {} from {}, left by an interrupted save", abs, old.getFileName());
        move(old, abs);
        return;
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + from + " to " + to + " atomically on this file system", e);
    }
  }

  private static void fsync(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!Files.isDirectory(p)) {
        throw e;
      }
      // some platforms cannot open a directory to fsync it; the file fsyncs still hold
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      List<Path> all = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
      for (Path q : all) {
        Files.deleteIfExists(q);
      }
    }
  }

  private static String sha256(Path f, long maxBytes) throws IOException {
    if (Files.size(f) > maxBytes) {
      throw new ModelException(f + " is larger than " + maxBytes + " bytes");
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
      byte[] buf = new byte[1 << 16];
      while (in.read(buf) >= 0) {
        // digesting
      }
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
