package dev.pfms.examples.cli;

import dev.pfms.api.model.Purpose;

import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.categorize.PayeeMap;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Taxonomy;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoredTransaction;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Corrects a stored transaction's category, or finds transactions to correct. */
@Command(name = "correct", mixinStandardHelpOptions = true,
    description = "Set a stored transaction's category (a user decision no model overrides; 'pfms retrain' learns"
        + " from it) and/or its payee name (--payee: every description of that merchant then shows that payee"
        + " before it is categorized), --payees to list the learned payee names, or --search to find transaction ids.")
final class CorrectCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "transaction id (or a unique prefix of 8+ characters)")
  String id;

  @Parameters(index = "1", arity = "0..1", paramLabel = "CATEGORY", description = "the right category code, e.g. FOOD_AND_DRINK_COFFEE")
  String category;

  @Option(names = "--search", paramLabel = "TEXT", description = "list stored transactions whose description contains TEXT")
  String search;

  @Option(names = "--payee", paramLabel = "NAME", description = "the canonical payee of this transaction's merchant,"
      + " e.g. 'Amazon' for 'AMZNMKTPLACE 2X3': applies to every description of that merchant")
  String payee;

  @Option(names = "--confirm-payee", description = "confirm the payee (a correction alone is a suggestion when the"
      + " categorizer is configured so)")
  boolean confirmPayee;

  @Option(names = "--payees", description = "list the learned payee names")
  boolean listPayees;

  @Mixin StoreOption store;

  @Mixin ConsentOption consent;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws java.io.IOException {
    try (ConsentOption.Consented ok = consent.ensure(List.of(Purpose.STORAGE, Purpose.CATEGORIZATION),
        "to keep your category decisions in the store", System.err); Store s = store.open(ok.keys().protector())) {
      if (search != null) {
        String q = search.toUpperCase(Locale.ROOT);
        List<StoredTransaction> hits = s.transactions().stream()
            .filter(t -> t.transaction().description().toUpperCase(Locale.ROOT).contains(q)).limit(50).toList();
        for (StoredTransaction t : hits) {
          Transaction x = t.transaction();
          out.printf("%s  %s %12s  %-40s %s%s%n", x.id().substring(0, 12), x.bookingDate(), x.amount(),
              x.description().length() > 40 ? x.description().substring(0, 39) + "…" : x.description(),
              x.category() == null ? "-" : x.category().code(),
              t.categorySource() == null ? "" : " (" + t.categorySource().name().toLowerCase(Locale.ROOT) + ")");
        }
        out.println(hits.size() + " shown");
        return 0;
      }
      if (listPayees) {
        List<PayeeMap.Learned> learned = s.payeeMap(false).entries();
        for (PayeeMap.Learned l : learned) {
          out.printf("%-40s -> %s (%s)%n", l.key(), l.payee(), l.source() == PayeeMap.Source.CONFIRMATION ? "confirmed"
              : "corrected");
        }
        out.println(learned.size() + " learned payee names");
        return 0;
      }
      if (id == null || (category == null && payee == null)) {
        throw new IllegalArgumentException("give ID and CATEGORY and/or --payee NAME, or --payees, or --search TEXT");
      }
      if (payee != null && payee.isBlank()) {
        throw new IllegalArgumentException("--payee needs a name");
      }
      if (id.length() < 8) {
        throw new IllegalArgumentException("give at least 8 characters of the transaction id");
      }
      List<StoredTransaction> match = s.transactions().stream().filter(t -> t.id().startsWith(id)).toList();
      if (match.size() != 1) {
        throw new IllegalArgumentException(match.isEmpty() ? "no stored transaction has id " + id
            : match.size() + " transactions start with " + id + ": give more characters");
      }
      Transaction t = match.get(0).transaction();
      if (payee != null) {
        ok.require(Purpose.STORAGE);
        PayeeMap.Source how = confirmPayee ? PayeeMap.Source.CONFIRMATION : PayeeMap.Source.CORRECTION;
        s.payeeMap(false).teach(t, payee, how);
        out.printf("%s: payee %s for every description like this one (%s)%n", t.id().substring(0, 12), payee.trim(),
            how == PayeeMap.Source.CONFIRMATION ? "confirmed" : "a correction; --confirm-payee confirms it");
        if (category == null) {
          return 0;
        }
      }
      Category c = Category.of(category);
      if (Taxonomy.standard().find(category).isEmpty()) {
        out.println("note: " + category + " is not in the standard taxonomy; kept as your own category");
      }
      ok.require(Purpose.STORAGE);
      ok.require(Purpose.CATEGORIZATION);
      s.corrections().add(CorrectionStore.Correction.of(t, c, Instant.now()));
      if (!t.merchant().isEmpty()) {
        s.learnPayee(t.merchant(), c, Instant.now());
      }
      out.printf("%s %s %s: %s -> %s (a user decision: no model overrides it; 'pfms retrain' learns from it)%n",
          t.id().substring(0, 12), t.bookingDate(), t.amount(), t.category() == null ? "-" : t.category().code(), c.code());
    }
    return 0;
  }
}
