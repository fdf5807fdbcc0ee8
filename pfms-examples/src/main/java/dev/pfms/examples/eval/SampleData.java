package dev.pfms.examples.eval;

import dev.pfms.api.IngestException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads {@code sample_data/transactions.csv} and {@code truth.csv}, the simple known layout written
 * by {@code SampleGenerator}, directly with commons-csv. Kept in this one class so that it can be
 * replaced by {@code Pfms.ingestor("csv")} once that lands.
 */
public final class SampleData {

  /**
   * One sample transaction with its ground truth.
   *
   * @param transaction the transaction (category left empty)
   * @param category the true category code
   * @param anomaly whether it was injected as an anomaly
   * @param anomalyReason the kind of injected anomaly, or empty
   * @param series the recurring series id, or empty
   * @param transfer the id of the transfer between the user's own accounts this row is a leg of, or empty
   */
  public record Row(Transaction transaction, String category, boolean anomaly, String anomalyReason, String series,
      String transfer) {}

  private SampleData() {}

  /**
   * Reads both files.
   *
   * @param dir the {@code sample_data} directory
   * @return the rows in file order
   * @throws IOException when a file cannot be read
   * @throws IngestException naming file, line and field on a bad value
   */
  public static List<Row> read(Path dir) throws IOException {
    Path tx = dir.resolve("transactions.csv");
    Path truthFile = dir.resolve("truth.csv");
    Map<Long, CSVRecord> truth = new HashMap<>();
    CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader r = Files.newBufferedReader(truthFile, StandardCharsets.UTF_8)) {
      for (CSVRecord rec : fmt.parse(r)) {
        truth.put(Long.parseLong(rec.get("line")), rec);
      }
    }
    List<Row> out = new ArrayList<>();
    Map<String, Integer> occurrences = new HashMap<>();
    try (Reader r = Files.newBufferedReader(tx, StandardCharsets.UTF_8)) {
      for (CSVRecord rec : fmt.parse(r)) {
        long line = rec.getRecordNumber() + 1;
        String field = "Date";
        try {
          LocalDate date = LocalDate.parse(rec.get("Date"));
          field = "Amount";
          Money amount = Money.of(rec.get("Amount"), rec.get("Currency"));
          field = "Balance";
          Money balance = rec.get("Balance").isBlank() ? null
              : new Money(new BigDecimal(rec.get("Balance")), amount.currency());
          String key = rec.get("Account") + '|' + date + '|' + amount + '|' + rec.get("Description");
          int occ = occurrences.merge(key, 1, Integer::sum) - 1;
          Transaction t = Transaction.builder().account(rec.get("Account")).bookingDate(date).amount(amount)
              .description(rec.get("Description")).balance(balance).occurrence(occ)
              .provenance(new Provenance(tx.getFileName().toString(), line)).build();
          CSVRecord tr = truth.get(line);
          if (tr == null) {
            throw new IngestException(truthFile.toString(), line, "line", "no truth row for transactions.csv line");
          }
          out.add(new Row(t, tr.get("category"), Boolean.parseBoolean(tr.get("anomaly")), tr.get("anomaly_reason"),
              tr.get("series"), tr.isMapped("transfer") ? tr.get("transfer") : ""));
        } catch (RuntimeException e) {
          if (e instanceof IngestException ie) {
            throw ie;
          }
          throw new IngestException(tx.toString(), line, field, e.getMessage());
        }
      }
    }
    return out;
  }

  /**
   * The rows' transactions, optionally carrying the true category (a stand-in for a categorizer).
   *
   * @param rows the rows
   * @param withCategory whether to set the true category
   * @return the transactions
   */
  public static List<Transaction> transactions(List<Row> rows, boolean withCategory) {
    List<Transaction> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(withCategory ? r.transaction().withCategory(Category.of(r.category())) : r.transaction());
    }
    return out;
  }

  /**
   * The sample directory from the first argument, else {@code sample_data} in the working
   * directory or its parent.
   *
   * @param args the program arguments
   * @return the directory
   */
  public static Path dir(String[] args) {
    if (args.length > 0) {
      return Path.of(args[0]);
    }
    Path p = Path.of("sample_data");
    return Files.isDirectory(p) ? p : Path.of("..", "sample_data");
  }
}
