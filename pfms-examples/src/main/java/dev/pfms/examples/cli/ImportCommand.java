package dev.pfms.examples.cli;

import dev.pfms.api.model.Purpose;
import dev.pfms.examples.support.LocalConsent;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.store.ImportResult;
import dev.pfms.api.store.Store;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Imports bank exports into the store, adding only transactions it does not have yet. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import bank exports into the store: only new transactions are added (a re-import adds 0);"
        + " new ones are categorized with the active model; every user decision is kept.")
final class ImportCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "bank exports (CSV, OFX, QIF, CAMT.053, MT940)")
  List<Path> files;

  @Mixin StoreOption store;

  @Mixin ConsentOption consent;

  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  @Override
  public Integer call() throws Exception {
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("no such file: " + f);
      }
    }
    int added = 0;
    try (ConsentOption.Consented c = consent.ensure(List.of(Purpose.STORAGE, Purpose.CATEGORIZATION),
        "to import your statements into the store and categorize them", err); Store s = store.open(c.keys().protector())) {
      err.println("[pfms] store " + s.location());
      for (Path f : files) {
        c.require(Purpose.STORAGE);
        IngestSource source = IngestSource.of(f);
        Ingestor ingestor = Pfms.ingestorFor(source);
        IngestReport report = ingestor.ingest(source);
        int total = report.transactions().size();
        ImportResult r = s.importStatement(f.getFileName().toString(), report.transactions(), report.problems(),
            n -> {
              if (total >= 50_000) {
                err.printf("[pfms] %s: %d of %d rows written%n", f.getFileName(), n, total);
              }
            });
        out.printf("%s: %d added, %d skipped (already stored), %d rejected%n", f, r.added(), r.skipped(),
            r.rejected().size());
        for (IngestProblem p : r.rejected().subList(0, Math.min(5, r.rejected().size()))) {
          out.println("  rejected: " + p);
        }
        if (r.rejected().size() > 5) {
          out.println("  … and " + (r.rejected().size() - 5) + " more");
        }
        added += r.added();
      }
      if (added > 0) {
        Optional<ModelSupport.Loaded> model = ModelSupport.active(s, c.keys());
        if (model.isPresent()) {
          ModelSupport.Loaded guarded = new ModelSupport.Loaded(model.get().record(),
              c.guard().categorizer(model.get().categorizer(), LocalConsent.SUBJECT));
          int n = ModelSupport.categorizeUncategorized(s, guarded);
          out.printf("categorized %d new transactions with %s (%s)%n", n, model.get().record().label(),
              model.get().record().metadata().provider());
        } else {
          out.println("no active model yet: 'pfms retrain' trains one and makes it active");
        }
      }
      out.printf("store %s: %d transactions%n", s.location(), s.transactionCount());
    }
    return 0;
  }
}
