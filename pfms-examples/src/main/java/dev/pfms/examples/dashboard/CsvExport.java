package dev.pfms.examples.dashboard;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The filtered transactions as CSV (RFC 4180: CRLF line ends, fields with a comma, quote, CR or LF
 * quoted, quotes doubled), safe to open in a spreadsheet: a text cell that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return is prefixed with {@code '} so it is
 * not run as a formula (OWASP's "CSV injection" advice). Plain decimal numbers such as
 * {@code -12.50} are numbers, not formulas, and stay as they are so amounts remain numeric.
 */
final class CsvExport {

  static final List<String> HEADER = List.of("Date", "Account", "Description", "Merchant", "Amount", "Currency",
      "Category", "Category name", "Transfer", "Flagged", "Dismissed", "Corrected", "Id");
  private static final Pattern NUMBER = Pattern.compile("-?\\d{1,30}(\\.\\d{1,12})?");

  private CsvExport() {}

  /**
   * Writes the rows.
   *
   * @param s the snapshot
   * @param rows the positions to write, in order
   * @return the CSV text
   */
  static String write(Session.Snapshot s, List<Integer> rows) {
    StringBuilder b = new StringBuilder(64 + rows.size() * 120);
    line(b, HEADER);
    for (int i : rows) {
      Views.TransactionView t = Views.transaction(s, i);
      line(b, List.of(t.date(), t.account(), t.description(), t.merchant(), t.amount().toPlainString(), t.currency(),
          t.category(), t.categoryLabel(), Boolean.toString(t.transfer()), Boolean.toString(t.flagged()),
          Boolean.toString(t.dismissed()), Boolean.toString(t.corrected()), t.id()));
    }
    return b.toString();
  }

  private static void line(StringBuilder b, List<String> cells) {
    for (int k = 0; k < cells.size(); k++) {
      if (k > 0) {
        b.append(',');
      }
      b.append(cell(cells.get(k)));
    }
    b.append("\r\n");
  }

  /**
   * One cell: neutralized against formulas, then quoted when RFC 4180 needs it.
   *
   * @param value the text (null is empty)
   * @return the cell as written
   */
  static String cell(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !NUMBER.matcher(v).matches()) {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
