package dev.pfms.ml.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.Transaction;
import dev.pfms.ml.embed.OptionalEmbeddings;
import dev.pfms.tck.TckData;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new transaction's evidence, memoized by description and merchant and with label statistics from the
 * per-label index (ADR 0024), equals the row-by-row reference that scans every member.
 */
class EvidenceMemoTest {

  private static final Function<List<Transaction>, List<String[]>> ZERO_SHOT = batch -> {
    List<String[]> out = new ArrayList<>();
    for (Transaction t : batch) {
      // like the real one: a function of the description's tokens and the amount's sign
      int h = Math.floorMod(dev.pfms.ml.text.BankText.normalize(t.description()).hashCode()
          + 3 * t.amount().amount().signum(), 7);
      out.add(new String[] {"P" + h % 3, "D" + h, h % 2 == 0 ? "L" : "S"});
    }
    return out;
  };

  private static List<Transaction> training() {
    List<Transaction> rows = new ArrayList<>();
    int i = 0;
    for (Transaction t : TckData.labelled(10, 3)) {
      // several accounts, some rows with their own merchant, several days and weekdays
      Transaction.Builder b = t.toBuilder().account("acct-" + (i % 3));
      if (i % 4 == 0) {
        b.merchant(t.description().split(" ")[0]);
      }
      rows.add(b.build());
      i++;
    }
    return rows;
  }

  private static List<Transaction> queries(List<Transaction> train) {
    List<Transaction> q = new ArrayList<>();
    for (Transaction t : TckData.ordinaryHistory(7)) {
      q.add(t.toBuilder().account("acct-1").build());
    }
    // the training rows' own descriptions with other amounts, dates, accounts and merchants: the memo's
    // hits must still get their own row-dependent columns
    for (int k = 0; k < 40; k++) {
      Transaction t = train.get(k);
      q.add(t.toBuilder().category(null).account("acct-" + (k % 5)).bookingDate(LocalDate.of(2025, 1 + k % 12, 1 + k % 28))
          .amount(new dev.pfms.api.model.Money(t.amount().amount().multiply(java.math.BigDecimal.valueOf(k % 3 + 1)),
              t.amount().currency()))
          .merchant(k % 3 == 0 ? "Someone Else" : null).build());
      q.add(t.toBuilder().category(null).build());
    }
    q.add(TckData.tx("CRYPTO EXCHANGE BINANCE", "-2500.00", LocalDate.of(2025, 3, 3)));
    q.add(TckData.tx("", "12.00", LocalDate.of(2025, 3, 31)));
    q.add(TckData.tx("ONLINE CASINO MALTA", "-0.00", LocalDate.of(2025, 2, 28)));
    return q;
  }

  private static Evidence evidence(List<Transaction> train, OptionalEmbeddings embeddings) {
    TreeMap<String, Category> byCode = new TreeMap<>();
    for (Transaction t : train) {
      byCode.putIfAbsent(t.category().code(), t.category());
    }
    List<Category> labels = new ArrayList<>(byCode.values());
    List<String> codes = new ArrayList<>(byCode.keySet());
    int[] y = new int[train.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = codes.indexOf(train.get(i).category().code());
    }
    return new Evidence(train, y, labels.size(), 5000, embeddings, ZERO_SHOT, labels);
  }

  private static void assertSame(Evidence.Query[] actual, Evidence.Query[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i].candidates()).as("row %d candidates", i).containsExactly(expected[i].candidates());
      assertThat(actual[i].alone()).as("row %d alone", i).containsExactly(expected[i].alone());
      assertThat(actual[i].top1T()).as("row %d", i).isEqualTo(expected[i].top1T());
      assertThat(actual[i].top1E()).as("row %d", i).isEqualTo(expected[i].top1E());
      assertThat(actual[i].nearest()).as("row %d", i).isEqualTo(expected[i].nearest());
      for (int j = 0; j < expected[i].rows().length; j++) {
        // bit for bit: a saved model must score exactly as the fitted one
        assertThat(actual[i].rows()[j]).as("row %d candidate %d", i, j).containsExactly(expected[i].rows()[j]);
      }
    }
  }

  @Test
  void memoizedQueriesEqualTheRowByRowReferenceAndAHitIsNotAliased() {
    List<Transaction> train = training();
    Evidence ev = evidence(train, null);
    List<Transaction> q = queries(train);
    Evidence.Query[] reference = ev.referenceQueries(q, 8);
    Evidence.Query[] first = ev.queries(q, 8);
    assertSame(first, reference);
    assertThat(ev.memoEntries()).isPositive();
    // the second pass is served from the memo, and must not share row arrays with the first
    Evidence.Query[] second = ev.queries(q, 8);
    assertSame(second, reference);
    second[0].rows()[0][31] = 1e9;
    assertThat(first[0].rows()[0][31]).isNotEqualTo(1e9);
    assertSame(ev.queries(q, 8), reference);
  }

  @Test
  void memoizedQueriesWithEmbeddingsEqualTheReference(@TempDir Path cache) {
    Optional<OptionalEmbeddings> e = OptionalEmbeddings.open("minilm", cache, 5000);
    assumeTrue(e.isPresent(), "the MiniLM runtime is not on the class path");
    List<Transaction> train = training();
    Evidence ev = evidence(train, e.get());
    List<Transaction> q = queries(train);
    assertSame(ev.queries(q, 8), ev.referenceQueries(q, 8));
    assertSame(ev.queries(q, 8), ev.referenceQueries(q, 8));
  }

  private static String letters(int i) {
    StringBuilder b = new StringBuilder();
    do {
      b.append((char) ('a' + i % 26));
      i /= 26;
    } while (i > 0);
    return b.append("q").toString();
  }

  @Test
  void theMemoStaysBoundedOverManyDistinctDescriptions() {
    List<Transaction> train = training();
    Evidence ev = evidence(train, null);
    List<Transaction> q = new ArrayList<>();
    for (int i = 0; i < Evidence.MEMO_ENTRIES + 500; i++) {
      q.add(TckData.tx("SHOP " + letters(i) + " GROCER", "-5.00", LocalDate.of(2025, 1, 1)));
    }
    ev.queries(q, 8);
    assertThat(ev.memoEntries()).isLessThanOrEqualTo(3 * Evidence.MEMO_ENTRIES);
    // and what it returns for the last ones is still the reference's
    List<Transaction> tail = q.subList(q.size() - 50, q.size());
    assertSame(ev.queries(tail, 8), ev.referenceQueries(tail, 8));
  }
}
