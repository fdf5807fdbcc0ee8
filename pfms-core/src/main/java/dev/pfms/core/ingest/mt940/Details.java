package dev.pfms.core.ingest.mt940;

import dev.pfms.core.ingest.internal.ReportCollector;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code :86:} information to account owner, parsed for the common bank dialects. Linear in the
 * text's length. Stateless.
 *
 * <ul>
 *   <li>German structured ({@code 835?00SEPA-UEBERWEISUNG?20EREF+…?21SVWZ+…?30BIC?31IBAN?32Name}),
 *       also with {@code >} as the separator (Triodos): {@code ?32}/{@code ?33} name, {@code ?31}
 *       account, {@code ?20}–{@code ?29} and {@code ?60}–{@code ?63} purpose (joined without
 *       spaces, as the bank cut it), SEPA keywords {@code SVWZ+} (remittance) and {@code EREF+}.
 *   <li>SWIFT codes ({@code /EREF/…/BENM//NAME/…/REMI/…/IBAN/…}, {@code /CNTP/account/BIC/name/city/}):
 *       {@code NAME}, {@code IBAN}, {@code REMI}, {@code EREF}.
 *   <li>Anything else is free text: wrapped lines are joined with a space, unless the line was cut
 *       at the full SWIFT width of 65 characters (then the text continues without one).
 * </ul>
 *
 * @param name the counterparty's name, or null
 * @param account the counterparty's account, or null
 * @param memo the remittance text, or null
 * @param reference the end-to-end reference, or null
 * @param description the text for the transaction's description (never null)
 */
record Details(String name, String account, String memo, String reference, String description) {

  /** SWIFT's line width: a line this long (tag included) was cut, not ended. */
  static final int SWIFT_WIDTH = 65;

  private static final Set<String> CODES = Set.of("NAME", "REMI", "IBAN", "BIC", "EREF", "ORDP", "BENM", "ADDR",
      "TRTP", "CSID", "MARF", "PREF", "RTRN", "CNTP", "ISDT", "PURP", "ULTC", "ULTD", "ULTB", "CDTRREF",
      "CDTRREFTP", "SVWZ", "KREF", "MREF", "CRED", "OCMT", "COAM", "CHGS", "EXCH", "ACCW", "BUSP", "FULLNAME");
  private static final String[] SEPA_KEYS = {"EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "SVWZ+", "ABWA+",
      "ABWE+", "IBAN+", "BIC+", "COAM+", "OAMT+"};

  /**
   * Parses the details.
   *
   * @param raw the field's value, lines separated by {@code \n}, the first without its tag
   * @return the parsed details
   */
  static Details parse(String raw) {
    String firstLine = raw.indexOf('\n') < 0 ? raw : raw.substring(0, raw.indexOf('\n'));
    char sep = germanSeparator(raw.replace("\n", ""));
    if (sep != 0) {
      return german(raw.replace("\n", ""), sep);
    }
    String joined = join(raw);
    if (firstLine.stripLeading().startsWith("/") && hasCode(joined)) {
      return swift(joined);
    }
    return new Details(null, null, null, null, ReportCollector.collapse(joined));
  }

  /** Joins wrapped lines: without a space after a line cut at the SWIFT width, else with one. */
  static String join(String raw) {
    StringBuilder sb = new StringBuilder(raw.length());
    int lineStart = 0;
    int previous = -1;
    for (int i = 0; i <= raw.length(); i++) {
      if (i == raw.length() || raw.charAt(i) == '\n') {
        String line = raw.substring(lineStart, i);
        if (previous >= 0 && previous < SWIFT_WIDTH) {
          sb.append(' ');
        }
        sb.append(line);
        previous = line.length() + (previous < 0 ? 4 : 0); // ":86:" on the first line
        lineStart = i + 1;
      }
    }
    return sb.toString();
  }

  private static char germanSeparator(String d) {
    String t = d.stripLeading();
    int k = 0;
    while (k < t.length() && k < 4 && Character.isDigit(t.charAt(k))) {
      k++;
    }
    if (k + 2 < t.length() && (t.charAt(k) == '?' || t.charAt(k) == '>') && Character.isDigit(t.charAt(k + 1))
        && Character.isDigit(t.charAt(k + 2)) && (k == 3 || k == 0)) {
      return t.charAt(k);
    }
    return 0;
  }

  private static Details german(String d, char sep) {
    Map<String, StringBuilder> sub = new LinkedHashMap<>();
    int q = d.indexOf(sep);
    while (q >= 0 && q + 3 <= d.length()) {
      String key = d.substring(q + 1, q + 3);
      int next = q + 3;
      while (true) {
        next = d.indexOf(sep, next);
        if (next < 0 || next + 2 < d.length() && Character.isDigit(d.charAt(next + 1))
            && Character.isDigit(d.charAt(next + 2))) {
          break;
        }
        next++;
      }
      String val = next < 0 ? d.substring(q + 3) : d.substring(q + 3, next);
      sub.computeIfAbsent(key, x -> new StringBuilder()).append(val);
      q = next;
    }
    StringBuilder purpose = new StringBuilder();
    for (int k = 20; k <= 29; k++) {
      purpose.append(get(sub, String.valueOf(k)));
    }
    for (int k = 60; k <= 63; k++) {
      purpose.append(get(sub, String.valueOf(k)));
    }
    String name = (get(sub, "32") + get(sub, "33")).strip();
    String text = get(sub, "00").strip();
    String description = ReportCollector.collapse((name.isEmpty() ? "" : name + " ") + purpose
        + (purpose.length() == 0 ? text : ""));
    if (description.isEmpty()) {
      description = ReportCollector.collapse(d);
    }
    Map<String, String> sepa = sepaKeywords(purpose.toString());
    String memo = sepa.containsKey("SVWZ+") ? sepa.get("SVWZ+") : sepa.isEmpty() ? purpose.toString() : null;
    String ref = sepa.get("EREF+");
    if (ref != null && ref.strip().equalsIgnoreCase("NOTPROVIDED")) {
      ref = null;
    }
    if (name.isEmpty() && sepa.containsKey("ABWA+")) {
      name = sepa.get("ABWA+");
    }
    String account = get(sub, "31").strip();
    if (account.isEmpty() && sepa.containsKey("IBAN+")) {
      account = sepa.get("IBAN+");
    }
    return new Details(blank(name), blank(account), blank(memo == null ? null : ReportCollector.collapse(memo)),
        blank(ref), description);
  }

  private static String get(Map<String, StringBuilder> m, String k) {
    StringBuilder b = m.get(k);
    return b == null ? "" : b.toString();
  }

  /** Splits {@code EREF+x SVWZ+y} into its keywords' values. */
  private static Map<String, String> sepaKeywords(String purpose) {
    Map<String, String> out = new LinkedHashMap<>();
    int at = -1;
    String key = null;
    int i = 0;
    while (i < purpose.length()) {
      String found = null;
      for (String k : SEPA_KEYS) {
        if (purpose.startsWith(k, i)) {
          found = k;
          break;
        }
      }
      if (found != null) {
        if (key != null) {
          out.put(key, purpose.substring(at, i).strip());
        }
        key = found;
        i += found.length();
        at = i;
      } else {
        i++;
      }
    }
    if (key != null) {
      out.put(key, purpose.substring(at).strip());
    }
    return out;
  }

  private static boolean hasCode(String s) {
    int i = s.indexOf('/');
    while (i >= 0) {
      int j = s.indexOf('/', i + 1);
      if (j < 0) {
        return false;
      }
      if (CODES.contains(s.substring(i + 1, j))) {
        return true;
      }
      i = j;
    }
    return false;
  }

  private static Details swift(String s) {
    Map<String, String> codes = new LinkedHashMap<>();
    String code = null;
    int valueStart = -1;
    int i = s.indexOf('/');
    while (i >= 0 && i < s.length()) {
      int j = s.indexOf('/', i + 1);
      String candidate = j < 0 ? null : s.substring(i + 1, j);
      if (candidate != null && candidate.length() <= 9 && CODES.contains(candidate.toUpperCase(Locale.ROOT))
          && candidate.equals(candidate.toUpperCase(Locale.ROOT))) {
        if (code != null) {
          codes.putIfAbsent(code, s.substring(valueStart, i));
        }
        code = candidate;
        valueStart = j + 1;
        i = j;
      } else {
        i = j;
      }
    }
    if (code != null) {
      codes.putIfAbsent(code, s.substring(valueStart));
    }
    String name = codes.get("NAME");
    String account = codes.get("IBAN");
    String cntp = codes.get("CNTP");
    if (cntp != null) {
      String[] parts = cntp.split("/", -1);
      if (account == null && parts.length > 0) {
        account = parts[0];
      }
      if (name == null && parts.length > 2) {
        name = parts[2];
      }
    }
    String memo = codes.get("REMI");
    if (memo != null) {
      memo = memo.replaceFirst("^(USTD|STRD)/*", "").replaceFirst("^/+", "");
      memo = memo.replaceAll("/+$", "");
    }
    String ref = codes.get("EREF");
    if (ref != null && ref.strip().equalsIgnoreCase("NOTPROVIDED")) {
      ref = null;
    }
    name = clean(name);
    memo = clean(memo);
    String description = ReportCollector.collapse((name == null ? "" : name + " ") + (memo == null ? "" : memo));
    if (description.isEmpty()) {
      description = ReportCollector.collapse(s);
    }
    return new Details(name, clean(account), memo, clean(ref), description);
  }

  private static String clean(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t.isEmpty() ? null : ReportCollector.collapse(t);
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
