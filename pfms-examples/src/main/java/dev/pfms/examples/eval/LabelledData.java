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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the two labelled data sets of the evaluation. A small, isolated reader until the {@code csv}
 * ingestor lands: then {@link #readLabelledCsv} becomes {@code Pfms.ingestor("csv").ingest(...)}.
 */
final class LabelledData {

  private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d ]*(?:\\.\\d+)?");

  private LabelledData() {}

  /**
   * The project's sample data: {@code transactions.csv} labelled by {@code truth.csv} (by line).
   *
   * @param dir the {@code sample_data} directory
   * @return labelled transactions in file order
   * @throws IOException when a file cannot be read
   */
  static List<Transaction> readSample(Path dir) throws IOException {
    Path tx = dir.resolve("transactions.csv");
    Path truth = dir.resolve("truth.csv");
    Map<Long, String> labels = new HashMap<>();
    try (Reader r = Files.newBufferedReader(truth, StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
        labels.put(Long.parseLong(rec.get("line")), rec.get("category"));
      }
    }
    List<Transaction> out = new ArrayList<>();
    Map<String, Integer> occurrences = new HashMap<>();
    try (Reader r = Files.newBufferedReader(tx, StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
        long line = rec.getRecordNumber() + 1;
        String label = labels.get(line);
        if (label == null) {
          throw new IngestException(truth.toString(), line, "category", "no truth row for transactions.csv line " + line);
        }
        Currency cur = Currency.getInstance(rec.get("Currency"));
        String key = rec.get("Account") + rec.get("Date") + rec.get("Amount") + rec.get("Description");
        out.add(Transaction.builder().account(rec.get("Account")).bookingDate(LocalDate.parse(rec.get("Date")))
            .amount(new Money(new BigDecimal(rec.get("Amount")), cur)).description(rec.get("Description"))
            .balance(new Money(new BigDecimal(rec.get("Balance")), cur)).category(Category.of(label))
            .occurrence(occurrences.merge(key, 1, Integer::sum) - 1)
            .provenance(new Provenance(tx.toString(), line)).build());
      }
    }
    return out;
  }

  /**
   * Real labelled bank transactions ({@code description,amount,label,balance,date}), with messy
   * amounts ({@code 2 250.00}, {@code Bank -3.00}) and two date-time formats.
   *
   * <p>A row with a value that cannot be read is skipped and reported to {@code problems} (file,
   * line, field), like an ingestor's report; every other row is kept.
   *
   * @param file the CSV file
   * @param currency the currency of the amounts
   * @param problems receives one error per skipped row
   * @return labelled transactions in file order
   * @throws IOException when the file cannot be read
   */
  static List<Transaction> readLabelledCsv(Path file, String currency, List<IngestException> problems)
      throws IOException {
    List<Transaction> out = new ArrayList<>();
    Currency cur = Currency.getInstance(currency);
    Map<String, Integer> occurrences = new HashMap<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
        long line = rec.getRecordNumber() + 1;
        String src = file.toString();
        try {
          out.add(labelledRow(rec, src, line, cur, occurrences));
        } catch (IngestException e) {
          problems.add(e);
        }
      }
    }
    return out;
  }

  private static Transaction labelledRow(CSVRecord rec, String src, long line, Currency cur,
      Map<String, Integer> occurrences) {
        BigDecimal amount = amount(rec.get("amount"), src, line, "amount");
        LocalDate date;
        try {
          date = LocalDate.parse(rec.get("date").trim().substring(0, 10));
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
          throw new IngestException(src, line, "date", "not a date: " + rec.get("date"), e);
        }
        String label = rec.get("label").trim();
        if (label.isEmpty()) {
          throw new IngestException(src, line, "label", "empty label");
        }
        String desc = rec.get("description").trim();
        String key = date + amount.toPlainString() + desc;
        return Transaction.builder().account("za").bookingDate(date).amount(new Money(amount, cur))
            .description(desc).balance(new Money(amount(rec.get("balance"), src, line, "balance"), cur))
            .category(new Category(label, label)).occurrence(occurrences.merge(key, 1, Integer::sum) - 1)
            .provenance(new Provenance(src, line)).build();
  }

  /** The last number in a field: {@code "2 250.00"} is 2250.00, {@code ",470010 -0.80"} is -0.80. */
  private static BigDecimal amount(String raw, String src, long line, String field) {
    Matcher m = NUMBER.matcher(raw);
    String last = null;
    while (m.find()) {
      last = m.group();
    }
    if (last == null) {
      throw new IngestException(src, line, field, "no number in \"" + raw + "\"");
    }
    return new BigDecimal(last.replace(" ", "").trim());
  }
}
