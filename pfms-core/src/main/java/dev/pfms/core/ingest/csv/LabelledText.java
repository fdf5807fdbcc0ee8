package dev.pfms.core.ingest.csv;

import java.util.Locale;

/**
 * German bank descriptions that carry labels instead of columns, e.g. {@code Empfänger: Stadtwerke
 * GmbH Kto/IBAN: DE02… BLZ/BIC: COBADEFF Buchungstext: Abschlag 03/2024 Ref. 4F7…}. Split into the
 * counterparty, its account, the memo and the reference. Linear in the text; stateless.
 *
 * @param counterparty the name after {@code Empfänger:}, {@code Auftraggeber:} or similar, or null
 * @param account the text after {@code Kto/IBAN:} or {@code IBAN:}, or null
 * @param memo the text after {@code Buchungstext:} or {@code Verwendungszweck:}, or null
 * @param reference the text after {@code Ref.}, or null
 */
record LabelledText(String counterparty, String account, String memo, String reference) {

  private static final String[] PARTY = {"empfänger:", "empfaenger:", "auftraggeber:", "zahlungspflichtiger:",
      "begünstigter:", "beguenstigter:", "zahlungsempfänger:"};
  private static final String[] ACCOUNT = {"kto/iban:", "iban:", "kto:"};
  private static final String[] MEMO = {"buchungstext:", "verwendungszweck:"};
  private static final String[] REF = {"ref.:", "ref.", "end-to-end-ref.:"};
  private static final String[] OTHER = {"blz/bic:", "bic:", "blz:", "mandatsref:", "gläubiger-id:", "glaeubiger-id:"};

  /**
   * Whether a description carries a party label.
   *
   * @param v the description
   * @return true when it has {@code Empfänger:}, {@code Auftraggeber:} or a similar label
   */
  static boolean isLabelled(String v) {
    String l = v.toLowerCase(Locale.ROOT);
    for (String p : PARTY) {
      if (l.contains(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Splits a labelled description.
   *
   * @param v the description
   * @return the parts (each null when its label is absent)
   */
  static LabelledText parse(String v) {
    String l = v.toLowerCase(Locale.ROOT);
    int n = v.length();
    // find every label's position; a label's value runs to the next label
    int[] starts = new int[n + 1];
    int[] kinds = new int[n + 1];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (i > 0 && Character.isLetterOrDigit(l.charAt(i - 1))) {
        continue;
      }
      int kind = -1;
      int len = 0;
      String[][] groups = {PARTY, ACCOUNT, MEMO, REF, OTHER};
      for (int g = 0; g < groups.length && kind < 0; g++) {
        for (String lab : groups[g]) {
          if (l.startsWith(lab, i)) {
            kind = g;
            len = lab.length();
            break;
          }
        }
      }
      if (kind >= 0) {
        starts[count] = i;
        kinds[count] = kind * 1000 + len;
        count++;
        i += len - 1;
      }
    }
    String[] found = new String[5];
    for (int k = 0; k < count; k++) {
      int kind = kinds[k] / 1000;
      int from = starts[k] + kinds[k] % 1000;
      int to = k + 1 < count ? starts[k + 1] : n;
      String value = v.substring(from, to).strip();
      if (found[kind] == null && !value.isEmpty()) {
        found[kind] = value;
      }
    }
    return new LabelledText(found[0], found[1], found[2], found[3]);
  }
}
