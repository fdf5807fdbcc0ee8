package dev.pfms.api.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pfms.api.ModelException;
import dev.pfms.api.model.ModelKind;
import dev.pfms.api.model.ModelMetadata;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer and reader of saved models, for every provider and kind of model.
 *
 * <p>A saved model is a directory holding {@code metadata.json} and the provider's files. The
 * metadata records provider, provider version, format version, kind, training-set hash and size,
 * label set, metrics, created-at, training parameters and, per file, its size and SHA-256:
 *
 * <pre>{@code
 * { "schema": 1, "provider": "isolation-forest", "providerVersion": "0.1.0", "formatVersion": 1,
 *   "kind": "anomaly", "trainingHash": "…", "trainingSize": 1831, "labels": [], "metrics": {…},
 *   "createdAt": "2026-12-01T23:00:00Z", "parameters": {…},
 *   "files": { "model.bin": { "size": 81234, "sha256": "…" } } }
 * }</pre>
 *
 * <p><b>Saving is atomic and locked.</b> Under the directory's exclusive lock (a {@code FileLock}
 * on the sibling {@code .<name>.lock}, plus an in-JVM lock) the files are written into a temporary
 * sibling directory, each file and then the directory are forced to disk, and the temporary
 * directory replaces the old one by two atomic renames (old → {@code .<name>.old-…}, new → name)
 * before the old one is deleted. Readers take the shared lock, so they see the old model or the new
 * one, never a mix; a writer that fails midway (a full disk) leaves the old model as it was. A
 * crash between the two renames leaves the old model under {@code .<name>.old-…}, which reading
 * and the next save recover.
 *
 * <p><b>Reading is bounded and verified.</b> {@code metadata.json} is at most
 * {@link #MAX_METADATA_BYTES}; every file's size is checked against the declared one before it is
 * read and its SHA-256 after; file names cannot leave the directory. Anything wrong is a
 * {@link ModelException} naming the file. Directories of pfms 0.1 ({@code tfidf-gbm}: metadata with
 * {@code modelSha256}; {@code embedding-gbm}: metadata without checksums) are still read.
 *
 * <p><b>Sealing.</b> A model can hold personal data (merchant and account names, transaction ids,
 * descriptions). Under a directory {@linkplain #protect protected} with a {@link ModelCipher}, every
 * model file is sealed (authenticated encryption bound to the model's provider, kind, training hash,
 * created-at and the file's name) before it reaches the disk, and opened in memory when read; the
 * metadata (schema {@value #SEALED_SCHEMA}) records the key id, and file sizes and checksums are of
 * the sealed bytes. Reading fails closed: a sealed model with no cipher, or a cipher that cannot
 * open it (another key, a shredded one, altered bytes), is a {@link ModelException}; so is a plain
 * model found under a protected directory, since it may have been put there in place of the sealed
 * one.
 *
 * <p>Static methods only; thread-safe.
 */
public final class ModelDirectory {

  /** The metadata file's name. */
  public static final String METADATA = ModelMetadata.FILE_NAME;
  /** The version of the {@code metadata.json} schema this class writes for a plain model. */
  public static final int SCHEMA = 1;
  /** The version written for a sealed model (older readers refuse it instead of misreading it). */
  public static final int SEALED_SCHEMA = 2;
  /** The largest {@code metadata.json} read. */
  public static final long MAX_METADATA_BYTES = 1L << 20;
  /** The largest model file read. */
  public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 64;
  /** The most files one saved model may have. */
  public static final int MAX_FILES = 64;

  private static final Logger log = LoggerFactory.getLogger(ModelDirectory.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final String LEGACY_MODEL = "model.bin";

  private static final java.util.concurrent.ConcurrentHashMap<Path, ModelCipher> PROTECTED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private ModelDirectory() {}

  /** A protection of a directory tree, removed by {@link #close()}. */
  public interface Protection extends AutoCloseable {
    /** Stops sealing and opening models under the directory (models already sealed stay sealed). */
    @Override
    void close();
  }

  /**
   * Seals every model saved at or below {@code root} from now on with {@code cipher}, and opens sealed
   * models read there with it; plain models found there are then refused. The innermost protected
   * directory wins. Protect before the first save: models saved earlier stay plain and are refused
   * until saved again.
   *
   * @param root the directory tree (need not exist yet)
   * @param cipher the cipher
   * @return a handle whose {@code close()} removes this protection
   * @throws IllegalStateException when {@code root} is already protected with another cipher
   */
  public static Protection protect(Path root, ModelCipher cipher) {
    Objects.requireNonNull(cipher, "cipher");
    Path key = root.toAbsolutePath().normalize();
    ModelCipher prev = PROTECTED.putIfAbsent(key, cipher);
    if (prev != null && prev != cipher) {
      throw new IllegalStateException(key + " is already protected with another model cipher (key "
          + prev.keyId() + ")");
    }
    return () -> PROTECTED.remove(key, cipher);
  }

  /**
   * The cipher that protects a model directory, if any.
   *
   * @param directory the model directory
   * @return the innermost protection's cipher
   */
  public static java.util.Optional<ModelCipher> protection(Path directory) {
    for (Path p = directory.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      ModelCipher c = PROTECTED.get(p);
      if (c != null) {
        return java.util.Optional.of(c);
      }
    }
    return java.util.Optional.empty();
  }

  private static byte[] associatedData(ModelMetadata md, String file) {
    return String.join("\u0000", "pfms-model-v1", md.provider(), md.kind().id(), md.trainingHash(),
        md.createdAt().toString(), file).getBytes(StandardCharsets.UTF_8);
  }

  /** Writes one file of a model. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the file's bytes.
     *
     * @param out where to write them (buffered; do not close it)
     * @throws IOException on write failure
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Saves a model atomically: replaces {@code directory} (if it holds a saved model) with one
   * holding {@code metadata.json} and the given files.
   *
   * @param directory the model directory; created with its parents when missing
   * @param metadata the metadata
   * @param files the provider's files by name (letters, digits, {@code . _ -}; not
   *     {@code metadata.json}), written in iteration order
   * @return a reference to what was saved
   * @throws IOException when writing fails (the previous model, if any, is then untouched)
   * @throws ModelException when {@code directory} exists but is not a saved model (nothing is
   *     replaced), or a file name is not allowed
   */
  public static ModelRef save(Path directory, ModelMetadata metadata, Map<String, Content> files)
      throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    Path dir = normalize(directory);
    if (files.size() > MAX_FILES) {
      throw new ModelException("a saved model has at most " + MAX_FILES + " files, got " + files.size());
    }
    for (String name : files.keySet()) {
      checkName(name, dir);
    }
    Path parent = dir.getParent();
    Files.createDirectories(parent);
    try (DirectoryLock.Held lock = DirectoryLock.exclusive(dir)) {
      recover(dir);
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !isReplaceable(dir)) {
        throw new ModelException(dir + " exists and is not a saved model (no " + METADATA
            + "): refusing to replace it; save to an empty or new directory");
      }
      Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp-");
      Path old = null;
      try {
        ModelCipher cipher = protection(dir).orElse(null);
        Map<String, FileEntry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Content> f : files.entrySet()) {
          Content c = f.getValue();
          if (cipher != null) {
            java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
            c.writeTo(plain);
            byte[] sealed;
            try {
              sealed = cipher.seal(plain.toByteArray(), associatedData(metadata, f.getKey()));
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
              throw new ModelException("cannot seal " + f.getKey() + " of the " + metadata.provider()
                  + " model with key " + cipher.keyId() + ": " + e.getClass().getSimpleName(), e);
            }
            c = out -> out.write(sealed);
          }
          entries.put(f.getKey(), write(tmp.resolve(f.getKey()), c));
        }
        byte[] meta = toJson(metadata, entries, cipher == null ? null : cipher.keyId());
        Path metaFile = tmp.resolve(METADATA);
        write(metaFile, out -> out.write(meta));
        forceDirectory(tmp);
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          old = parent.resolve("." + dir.getFileName() + ".old-" + UUID.randomUUID());
          Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        tmp = null;
        forceDirectory(parent);
        String sha = sha256(meta);
        log.debug("saved {} model to {} ({} files)", metadata.provider(), dir, entries.size());
        return ModelRef.of(dir, sha);
      } catch (IOException | RuntimeException | Error e) {
        if (old != null && tmp != null && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          try {
            Files.move(old, dir, StandardCopyOption.ATOMIC_MOVE);
            old = null;
          } catch (IOException re) {
            e.addSuppressed(re);
          }
        }
        throw e;
      } finally {
        if (tmp != null) {
          deleteQuietly(tmp);
        }
        if (old != null && Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          deleteQuietly(old);
        }
      }
    }
  }

  /**
   * Reads a saved model, whatever its provider; the caller then checks it with
   * {@link SavedModel#expect}.
   *
   * @param directory the model directory
   * @return the model's metadata and verified files
   * @throws IOException when the directory cannot be read
   * @throws ModelException naming the file when it is not a saved model, or is malformed,
   *     truncated or changed since it was saved
   */
  public static SavedModel read(Path directory) throws IOException {
    return read(normalize(directory), null);
  }

  /**
   * Reads exactly the saved model a reference names: fails unless its {@code metadata.json} has
   * the referenced SHA-256 (and so every file the one saved then).
   *
   * @param ref the reference
   * @return the model's metadata and verified files
   * @throws IOException when the directory cannot be read
   * @throws ModelException when the content differs from the reference, or as {@link #read(Path)}
   */
  public static SavedModel read(ModelRef ref) throws IOException {
    return read(normalize(ref.path()), ref.sha256());
  }

  /**
   * The SHA-256 (lower-case hex) of some bytes.
   *
   * @param data the bytes
   * @return the hash
   */
  public static String sha256(byte[] data) {
    return HexFormat.of().formatHex(digest().digest(data));
  }

  private static SavedModel read(Path dir, String expectedSha) throws IOException {
    try (DirectoryLock.Held lock = DirectoryLock.shared(dir)) {
      Path source = dir;
      if (!Files.isDirectory(dir)) {
        Path old = latestOld(dir);
        if (old == null) {
          throw new ModelException(dir + " is not a saved model: the directory does not exist");
        }
        source = old;
      }
      Path metaFile = source.resolve(METADATA);
      byte[] meta = readBounded(metaFile, -1, MAX_METADATA_BYTES);
      String sha = sha256(meta);
      if (expectedSha != null && !expectedSha.equals(sha)) {
        throw new ModelException(dir + " is not the referenced model: its " + METADATA + " has SHA-256 " + sha
            + ", the reference " + expectedSha + " (it was saved again or changed)");
      }
      JsonNode n;
      try {
        n = JSON.readTree(meta);
      } catch (JsonProcessingException e) {
        throw new ModelException(metaFile + ": malformed model metadata: " + e.getOriginalMessage(), e);
      }
      if (n == null || !n.isObject()) {
        throw new ModelException(metaFile + ": malformed model metadata: not a JSON object");
      }
      boolean legacy = !n.has("schema");
      ModelMetadata md = parse(n, metaFile, legacy);
      ModelCipher cipher = protection(dir).orElse(null);
      JsonNode sealed = n.get("sealed");
      if (sealed != null && !(sealed.isObject() && sealed.path("keyId").isTextual()
          && "aead-v1".equals(sealed.path("scheme").asText()))) {
        throw new ModelException(metaFile + ": field 'sealed' is not {scheme: aead-v1, keyId: …}");
      }
      if (sealed != null && n.path("schema").asInt() < SEALED_SCHEMA) {
        throw new ModelException(metaFile + ": a sealed model must have schema " + SEALED_SCHEMA);
      }
      if (sealed == null && n.path("schema").asInt() >= SEALED_SCHEMA) {
        throw new ModelException(metaFile + ": schema " + SEALED_SCHEMA + " but no field 'sealed'");
      }
      if (sealed != null && cipher == null) {
        throw new ModelException(dir + " is a sealed model (key " + sealed.get("keyId").asText()
            + "): protect its directory with that key (ModelDirectory.protect) to read it");
      }
      if (sealed == null && cipher != null) {
        throw new ModelException(dir + " is a plain model under a directory protected with key " + cipher.keyId()
            + ": refusing it (it may have replaced a sealed one); save it again to seal it");
      }
      Map<String, byte[]> files = new LinkedHashMap<>();
      if (legacy) {
        readLegacyFiles(source, n, metaFile, files);
      } else {
        int schema = n.get("schema").asInt(-1);
        if (!n.get("schema").isInt() || schema < 1 || schema > SEALED_SCHEMA) {
          throw new ModelException(metaFile + ": metadata schema " + n.get("schema") + " is not one this pfms reads"
              + " (1 to " + SEALED_SCHEMA + "); use a newer pfms");
        }
        JsonNode fs = n.get("files");
        if (fs == null || !fs.isObject()) {
          throw new ModelException(metaFile + ": field 'files' is missing or not an object");
        }
        if (fs.size() > MAX_FILES) {
          throw new ModelException(metaFile + ": lists " + fs.size() + " files, more than " + MAX_FILES);
        }
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) fs::fields) {
          String name = e.getKey();
          checkName(name, source);
          JsonNode f = e.getValue();
          JsonNode size = f.get("size");
          JsonNode fsha = f.get("sha256");
          if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0
              || fsha == null || !fsha.isTextual() || !HEX64.matcher(fsha.asText()).matches()) {
            throw new ModelException(metaFile + ": entry for file '" + name + "' needs a size and a sha256");
          }
          byte[] b = readBounded(source.resolve(name), size.asLong(), MAX_FILE_BYTES);
          if (!sha256(b).equals(fsha.asText())) {
            throw new ModelException(source.resolve(name) + " does not match the SHA-256 in " + METADATA
                + ": the file was changed or damaged after saving");
          }
          if (cipher != null) {
            try {
              b = cipher.open(b, associatedData(md, name));
            } catch (java.security.GeneralSecurityException | RuntimeException ce) {
              throw new ModelException(source.resolve(name) + " cannot be opened with key " + cipher.keyId()
                  + " (sealed with " + sealed.get("keyId").asText() + "): another or a shredded key, or the"
                  + " file or its metadata was altered", ce);
            }
          }
          files.put(name, b);
        }
      }
      return new SavedModel(dir, md, ModelRef.of(dir, sha), files, legacy);
    }
  }

  /** pfms 0.1: model.bin (checksummed by tfidf-gbm's modelSha256) and the example files beside it. */
  private static void readLegacyFiles(Path source, JsonNode n, Path metaFile, Map<String, byte[]> files)
      throws IOException {
    JsonNode msha = n.get("modelSha256");
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(source)) {
      int count = 0;
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.equals(METADATA) || !FILE_NAME.matcher(name).matches()
            || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (++count > MAX_FILES) {
          throw new ModelException(source + ": more than " + MAX_FILES + " files: not a saved model");
        }
        files.put(name, readBounded(p, -1, MAX_FILE_BYTES));
      }
    }
    if (msha != null) {
      byte[] model = files.get(LEGACY_MODEL);
      if (model == null) {
        throw new ModelException(source + " has no " + LEGACY_MODEL + ": it is not a complete saved model");
      }
      if (!msha.isTextual() || !sha256(model).equals(msha.asText())) {
        throw new ModelException(source.resolve(LEGACY_MODEL) + " does not match the checksum in " + METADATA
            + ": the model file was changed or truncated");
      }
    }
  }

  private static ModelMetadata parse(JsonNode n, Object file, boolean legacy) {
    String provider = text(n, "provider", file, true);
    String providerVersion = legacy ? "" : text(n, "providerVersion", file, false);
    JsonNode fv = n.get("formatVersion");
    if (fv == null || !fv.isInt()) {
      throw new ModelException(file + ": field 'formatVersion' is missing or not an integer");
    }
    ModelKind kind;
    if (legacy) {
      kind = ModelKind.CATEGORIZER;
    } else {
      try {
        kind = ModelKind.ofId(text(n, "kind", file, true));
      } catch (IllegalArgumentException e) {
        throw new ModelException(file + ": field 'kind': " + e.getMessage(), e);
      }
    }
    String hash = text(n, "trainingHash", file, true);
    JsonNode size = n.get("trainingSize");
    if (size == null || !size.isInt() || size.asInt() < 0) {
      throw new ModelException(file + ": field 'trainingSize' is missing or not a non-negative integer");
    }
    List<String> labels = new ArrayList<>();
    JsonNode ls = n.get("labels");
    if (ls != null && !ls.isNull()) {
      if (!ls.isArray()) {
        throw new ModelException(file + ": field 'labels' is not an array");
      }
      for (JsonNode l : ls) {
        if (!l.isTextual()) {
          throw new ModelException(file + ": field 'labels' holds a non-string " + l.getNodeType());
        }
        labels.add(l.asText());
      }
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    JsonNode ms = n.get("metrics");
    if (ms != null && !ms.isNull()) {
      if (!ms.isObject()) {
        throw new ModelException(file + ": field 'metrics' is not an object");
      }
      for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) ms::fields) {
        if (!e.getValue().isNumber()) {
          throw new ModelException(file + ": metric '" + e.getKey() + "' is not a number");
        }
        metrics.put(e.getKey(), e.getValue().asDouble());
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    JsonNode ps = n.get("parameters");
    if (ps != null && !ps.isNull()) {
      if (!ps.isObject()) {
        throw new ModelException(file + ": field 'parameters' is not an object");
      }
      for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) ps::fields) {
        if (!e.getValue().isValueNode()) {
          throw new ModelException(file + ": parameter '" + e.getKey() + "' is not a plain value");
        }
        params.put(e.getKey(), e.getValue().asText());
      }
    }
    Instant created;
    try {
      created = Instant.parse(text(n, "createdAt", file, true));
    } catch (DateTimeParseException e) {
      throw new ModelException(file + ": field 'createdAt' is not an ISO-8601 instant", e);
    }
    try {
      return new ModelMetadata(provider, providerVersion, fv.asInt(), kind, hash, size.asInt(), labels, metrics,
          created, params);
    } catch (RuntimeException e) {
      throw new ModelException(file + ": invalid model metadata: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String field, Object file, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new ModelException(file + ": field '" + field + "' is missing");
      }
      return "";
    }
    if (!v.isTextual() || (required && v.asText().isEmpty())) {
      throw new ModelException(file + ": field '" + field + "' is not a non-empty string");
    }
    return v.asText();
  }

  /**
   * The metadata alone as {@code metadata.json} text with no files, for a store that keeps the
   * metadata of a model beside its bytes.
   *
   * @param metadata the metadata
   * @return UTF-8 JSON
   */
  public static byte[] metadataJson(ModelMetadata metadata) {
    try {
      return toJson(metadata, Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write model metadata as JSON", e);
    }
  }

  /**
   * Parses {@code metadata.json} text (this schema or the 0.1 shape), with the checks of
   * {@link #read(Path)}.
   *
   * @param json the UTF-8 JSON, at most {@link #MAX_METADATA_BYTES}
   * @param source what the text came from, for error messages
   * @return the metadata
   * @throws ModelException naming the source when the text is not valid model metadata
   */
  public static ModelMetadata parseMetadata(byte[] json, String source) {
    if (json.length > MAX_METADATA_BYTES) {
      throw new ModelException(source + ": model metadata is larger than " + MAX_METADATA_BYTES + " bytes");
    }
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new ModelException(source + ": malformed model metadata: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new ModelException(source + ": malformed model metadata: not a JSON object");
    }
    return parse(n, source, !n.has("schema"));
  }

  static byte[] toJson(ModelMetadata md, Map<String, FileEntry> files) throws JsonProcessingException {
    return toJson(md, files, null);
  }

  static byte[] toJson(ModelMetadata md, Map<String, FileEntry> files, String sealedWith)
      throws JsonProcessingException {
    ObjectNode n = JSON.createObjectNode();
    n.put("schema", sealedWith == null ? SCHEMA : SEALED_SCHEMA);
    n.put("provider", md.provider());
    n.put("providerVersion", md.providerVersion());
    n.put("formatVersion", md.formatVersion());
    n.put("kind", md.kind().id());
    n.put("trainingHash", md.trainingHash());
    n.put("trainingSize", md.trainingSize());
    md.labels().forEach(n.putArray("labels")::add);
    ObjectNode m = n.putObject("metrics");
    new TreeMap<>(md.metrics()).forEach(m::put);
    n.put("createdAt", md.createdAt().toString());
    ObjectNode p = n.putObject("parameters");
    new TreeMap<>(md.parameters()).forEach(p::put);
    if (sealedWith != null) {
      ObjectNode sealed = n.putObject("sealed");
      sealed.put("scheme", "aead-v1");
      sealed.put("keyId", sealedWith);
    }
    ObjectNode fs = n.putObject("files");
    files.forEach((name, e) -> {
      ObjectNode f = fs.putObject(name);
      f.put("size", e.size());
      f.put("sha256", e.sha256());
    });
    return (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  record FileEntry(long size, String sha256) {}

  private static FileEntry write(Path file, Content content) throws IOException {
    MessageDigest md = digest();
    long[] count = {0};
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream raw = Channels.newOutputStream(ch);
      OutputStream tee = new FilterOutputStream(raw) {
        @Override
        public void write(int b) throws IOException {
          out.write(b);
          md.update((byte) b);
          count[0]++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          md.update(b, off, len);
          count[0] += len;
        }

        @Override
        public void close() {
          // the channel is closed by the try block
        }
      };
      BufferedOutputStream buf = new BufferedOutputStream(tee, 1 << 16);
      content.writeTo(buf);
      buf.flush();
      ch.force(true);
    }
    return new FileEntry(count[0], HexFormat.of().formatHex(md.digest()));
  }

  /** Reads a whole file after checking its size: against the declared one, and against the limit. */
  private static byte[] readBounded(Path file, long declared, long limit) throws IOException {
    long size;
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new ModelException(file + " is missing or not a regular file: the directory is not a complete saved model");
      }
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new ModelException(file + " is missing: the directory is not a complete saved model", e);
    }
    if (size > limit) {
      throw new ModelException(file + " is " + size + " bytes, more than the " + limit + " a saved model may have");
    }
    if (declared >= 0 && size != declared) {
      throw new ModelException(file + " is " + size + " bytes but " + METADATA + " says " + declared
          + ": it was truncated or changed after saving");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes((int) size);
      if (b.length != size || in.read() != -1) {
        throw new ModelException(file + " changed size while being read");
      }
      return b;
    }
  }

  private static void checkName(String name, Path dir) {
    if (name == null || !FILE_NAME.matcher(name).matches() || name.equals(METADATA)) {
      throw new ModelException(dir + ": '" + name + "' is not an allowed model file name (letters, digits, . _ -; "
          + "not " + METADATA + ")");
    }
  }

  private static Path normalize(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    if (dir.getParent() == null || dir.getFileName() == null) {
      throw new ModelException("cannot save or load a model at the file-system root: " + directory);
    }
    return dir;
  }

  private static boolean isReplaceable(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (Files.isRegularFile(dir.resolve(METADATA))) {
      return true;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      return !ds.iterator().hasNext();
    }
  }

  /** After a crash between the two renames of a save: put the old model back; drop stale temporaries. */
  private static void recover(Path dir) throws IOException {
    Path parent = dir.getParent();
    String prefix = "." + dir.getFileName() + ".";
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, p -> {
      String n = p.getFileName().toString();
      return n.startsWith(prefix + "tmp-") || n.startsWith(prefix + "old-");
    })) {
      ds.forEach(stale::add);
    }
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Path old = latestOld(dir);
      if (old != null) {
        log.warn("recovering the model at {} from an interrupted save", dir);
        Files.move(old, dir, StandardCopyOption.ATOMIC_MOVE);
        stale.remove(old);
      }
    }
    stale.forEach(ModelDirectory::deleteQuietly);
  }

  private static Path latestOld(Path dir) throws IOException {
    Path parent = dir.getParent();
    if (!Files.isDirectory(parent)) {
      return null;
    }
    String prefix = "." + dir.getFileName() + ".old-";
    List<Path> olds = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent,
        p -> p.getFileName().toString().startsWith(prefix) && Files.isRegularFile(p.resolve(METADATA)))) {
      ds.forEach(olds::add);
    }
    return olds.stream().max(Comparator.comparing(p -> {
      try {
        return Files.getLastModifiedTime(p.resolve(METADATA));
      } catch (IOException e) {
        return java.nio.file.attribute.FileTime.fromMillis(0);
      }
    })).orElse(null);
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory as a channel; NTFS journals the rename itself.
      log.trace("cannot force directory {}: {}", dir, e.toString());
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
          for (Path c : ds) {
            deleteQuietly(c);
          }
        }
      }
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.warn("could not delete {}: {}", p, e.toString());
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
