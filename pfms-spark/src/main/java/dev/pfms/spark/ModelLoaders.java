package dev.pfms.spark;

import dev.pfms.api.ModelException;
import dev.pfms.api.Pfms;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyModel;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.IngestSink;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The built-in {@link ModelLoader}s. */
public final class ModelLoaders {

  private ModelLoaders() {}

  /**
   * A categorizer saved with {@code Categorizer.save(dir)} and packed with
   * {@link ModelReference#zip}: unpacked next to the fetched file and loaded with
   * {@code CategorizerProvider.load(dir, config)} of the reference's provider.
   *
   * @return the loader
   */
  public static ModelLoader<Categorizer> savedCategorizer() {
    return (ref, file) -> {
      Path dir = Files.createTempDirectory("pfms-model-");
      unzip(file, dir);
      CategorizerProvider p = Pfms.registry().provider(CategorizerProvider.class, ref.provider());
      return p.load(dir, ProviderConfig.empty().validate(p.name(), p.options()));
    };
  }

  /**
   * An anomaly detector fitted, once per JVM, on a history statement (any format an ingestor reads)
   * that the reference points at. This is the seam until fitted anomaly models can be saved: the
   * reference then names the saved model instead, and only this loader changes.
   *
   * @return the loader
   */
  public static ModelLoader<AnomalyModel> detectorFittedOn() {
    return (ref, file) -> {
      IngestSource source = IngestSource.of(file);
      List<Transaction> history = new ArrayList<>();
      Pfms.ingestorFor(source).ingest(source, IngestSink.inBatches(8192, history::addAll, p -> { }));
      if (history.isEmpty()) {
        throw new ModelException("the anomaly history " + ref + " holds no transactions");
      }
      return Pfms.anomalyDetector(ref.provider(), ProviderConfig.empty()).fit(history);
    };
  }

  private static void unzip(Path zip, Path dir) throws IOException {
    try (InputStream is = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(is)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new ModelException("model archive entry escapes its directory: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
  }
}
