package dev.pfms.core.ingest.csv;

import dev.pfms.core.ingest.internal.AmountFormat;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decided layout with precomputed column indexes: what the row loop needs, decided once per file.
 * Mutable while {@link CsvDetector} fills it, then only read.
 */
final class Plan {
  Charset charset;
  int bomLength;
  char delimiter;
  int skipRows;
  boolean hasHeader;
  List<String> headerCells = List.of();
  boolean dayFirst;
  String dateFormat;
  AmountFormat amountFormat = AmountFormat.POINT;
  int date = -1;
  int valueDate = -1;
  int amount = -1;
  int debit = -1;
  int credit = -1;
  int type = -1;
  int[] description = new int[0];
  int payee = -1;
  int reference = -1;
  int balance = -1;
  int currency = -1;
  int account = -1;
  int category = -1;
  int memo = -1;
  int from = -1;
  int to = -1;
  int counterpartyAccount = -1;
  /** The counterparty-account column was the own-account column until its values varied row by row. */
  boolean accountVaried;
  /** The description column is a memo/note column: its text is the memo too. */
  boolean descriptionIsMemo;
  /** Descriptions carry German labels ({@code Empfänger: … Kto/IBAN: …}) to split. */
  boolean labelledText;
  /** Whether the date order was decided by the data, not only made likelier. */
  boolean dateOrderCertain = true;
  /** The order option given by the caller or profile, or null. */
  Boolean dayFirstForced;
  java.util.Set<Integer> used = new java.util.HashSet<>();
  /** File-level warnings: field (or null) and reason, reported at line 0. */
  final List<String[]> warnings = new ArrayList<>();
  int width;
  boolean negate;
  Currency defaultCurrency;
  String configuredAccount;
  Map<String, Integer> typeSigns = Map.of();
  String profileName;
  final List<String> notes = new ArrayList<>();

  String columnName(int i) {
    if (i < 0) {
      return null;
    }
    if (hasHeader && i < headerCells.size() && !headerCells.get(i).isBlank()) {
      return headerCells.get(i).strip();
    }
    return "#" + (i + 1);
  }

  /** The layout as a profile that can be saved and reused. */
  CsvProfile toProfile(String name) {
    List<String> desc = new ArrayList<>();
    for (int d : description) {
      desc.add(columnName(d));
    }
    CsvProfile.Columns cols = new CsvProfile.Columns(columnName(date), columnName(valueDate), columnName(amount),
        columnName(debit), columnName(credit), columnName(type), desc.isEmpty() ? null : desc, columnName(payee),
        columnName(reference), columnName(balance), columnName(currency), columnName(account),
        columnName(category));
    return new CsvProfile(name, "detected by pfms", hasHeader ? headerCells : null, charset.name(),
        String.valueOf(delimiter), skipRows, hasHeader, dayFirst, dateFormat,
        String.valueOf(amountFormat.decimal()), cols, negate ? Boolean.TRUE : null,
        currency < 0 && defaultCurrency != null ? defaultCurrency.getCurrencyCode() : null, null);
  }

  /** The layout as the report's map. */
  Map<String, String> layout() {
    Map<String, String> m = new LinkedHashMap<>();
    if (profileName != null) {
      m.put("profile", profileName);
    }
    m.put("charset", charset.name());
    m.put("delimiter", delimiter == '\t' ? "\\t" : String.valueOf(delimiter));
    m.put("skipRows", String.valueOf(skipRows));
    m.put("header", String.valueOf(hasHeader));
    m.put("dateFormat", dateFormat);
    m.put("dayFirst", String.valueOf(dayFirst));
    m.put("decimalSeparator", String.valueOf(amountFormat.decimal()));
    put(m, "column.date", date);
    put(m, "column.valueDate", valueDate);
    put(m, "column.amount", amount);
    put(m, "column.debit", debit);
    put(m, "column.credit", credit);
    put(m, "column.type", type);
    if (description.length > 0) {
      List<String> d = new ArrayList<>();
      for (int i : description) {
        d.add(columnName(i));
      }
      m.put("column.description", String.join(" + ", d));
    }
    put(m, "column.payee", payee);
    put(m, "column.reference", reference);
    put(m, "column.balance", balance);
    put(m, "column.currency", currency);
    put(m, "column.account", account);
    put(m, "column.category", category);
    put(m, "column.memo", memo);
    put(m, "column.from", from);
    put(m, "column.to", to);
    put(m, "column.counterpartyAccount", counterpartyAccount);
    if (!dateOrderCertain) {
      m.put("dayFirst.certain", "false");
    }
    if (negate) {
      m.put("negate", "true");
    }
    if (currency < 0 && defaultCurrency != null) {
      m.put("currency", defaultCurrency.getCurrencyCode());
    }
    for (int i = 0; i < notes.size(); i++) {
      m.put("note." + (i + 1), notes.get(i));
    }
    return m;
  }

  private void put(Map<String, String> m, String key, int col) {
    if (col >= 0) {
      m.put(key, columnName(col));
    }
  }
}
