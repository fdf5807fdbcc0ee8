package dev.pfms.examples.cli;

import dev.pfms.api.store.ModelRecord;
import dev.pfms.api.store.Store;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Lists the model registry. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List the model registry: every version, which one is active, and the metrics it was promoted with.")
final class ModelsCommand implements Callable<Integer> {

  @Mixin StoreOption store;

  /** Only its keys are used: listing models reads no personal data, but the store opens with its keys. */
  @Mixin ConsentOption consent;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws java.io.IOException {
    try (Store s = store.open(consent.keys().protector())) {
      List<ModelRecord> models = s.models();
      if (models.isEmpty()) {
        out.println("no models in " + s.location() + " yet: 'pfms retrain' trains one");
        return 0;
      }
      out.printf("%-2s %-16s %-14s %-20s %7s  %-12s %s%n", "", "model", "provider", "trained", "rows", "sha256",
          "metrics (held-out at promotion, else at training)");
      for (ModelRecord r : models) {
        Map<String, Double> m = r.promotionMetrics().isEmpty() ? r.metadata().metrics() : r.promotionMetrics();
        StringBuilder metrics = new StringBuilder();
        new TreeMap<>(m).forEach((k, v) -> metrics.append(k).append('=').append(String.format("%.3f", v)).append(' '));
        out.printf("%-2s %-16s %-14s %-20s %7d  %-12s %s%s%n", r.active() ? "*" : "", r.label(), r.metadata().provider(),
            r.metadata().createdAt().toString().substring(0, 19), r.metadata().trainingSize(),
            r.sha256().substring(0, 12), metrics.toString().trim(),
            r.active() ? "  (active since " + r.promotedAt().toString().substring(0, 19) + ")" : "");
      }
    }
    return 0;
  }
}
