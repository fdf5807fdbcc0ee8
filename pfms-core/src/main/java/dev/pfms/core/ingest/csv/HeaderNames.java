package dev.pfms.core.ingest.csv;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Column header names, in several languages, for each field a transaction needs. Names are compared
 * after {@link #normalize}: lower case, accents and bracketed parts removed, only letters and digits
 * kept ({@code "Auftraggeber/Empfänger"} → {@code "auftraggeberempfanger"},
 * {@code "Betrag (EUR)"} → {@code "betrag"}). Earlier names in a list win over later ones.
 */
final class HeaderNames {

  static final Map<String, List<String>> FIELDS = Map.ofEntries(
      Map.entry("date", List.of("date", "bookingdate", "buchungstag", "buchungsdatum", "posteddate", "postingdate",
          "postdate", "transactiondate", "transdate", "txndate", "datum", "fecha", "fechaoperacion",
          "fechacontable", "data", "dataoperazione", "datacontabile", "dataoperacao", "datedoperation",
          "dateoperation", "dateop", "datecomptable", "boekdatum", "boekingsdatum", "journaldate", "created",
          "createddate", "completeddate", "starteddate", "tradedate", "datetime", "timestamp", "dateposted")),
      Map.entry("valueDate", List.of("valuedate", "wertstellung", "valuta", "valutadatum", "wertstellungsdatum",
          "fechavalor", "datevaleur", "datavaluta", "rentedatum", "transactiondate")),
      Map.entry("amount", List.of("amount", "betrag", "importe", "montant", "bedrag", "importo", "valor", "umsatz",
          "transactionamount", "amt", "netamount", "value", "total", "sum", "summe", "kwota", "belopp", "belob",
          "amountgbp", "amounteur", "amountusd", "paidamount", "cantidad")),
      Map.entry("debit", List.of("debit", "debitamount", "withdrawal", "withdrawals", "withdrawalamount", "moneyout",
          "paidout", "out", "outflow", "soll", "ausgang", "ausgabe", "lastschrift", "cargo", "cargos", "debe",
          "debito", "afschrijving", "uitgaven", "charge", "charges", "spent")),
      Map.entry("credit", List.of("credit", "creditamount", "deposit", "deposits", "depositamount", "moneyin",
          "paidin", "in", "inflow", "haben", "eingang", "einnahme", "gutschrift", "abono", "abonos", "haber",
          "credito", "bijschrijving", "inkomsten", "received")),
      Map.entry("type", List.of("transactiontype", "debitcredit", "creditdebit", "dc", "cd", "sollhaben", "afbij",
          "type", "drcr", "crdr", "indicator", "kind", "sign", "tipo", "creditdebitindicator", "debitcreditindicator",
          "cdtdbtind", "dcindicator", "debitorcredit", "creditordebit", "sh")),
      Map.entry("description", List.of("description", "details", "transactiondetails", "narrative", "narration",
          "memo", "particulars", "verwendungszweck", "buchungstext", "concepto", "descripcion", "desc",
          "libelle", "libelleoperation", "omschrijving", "mededelingen", "causale", "descrizione", "descricao",
          "reason", "purpose", "originaldescription", "text", "transaction", "items", "notes", "note", "remarks", "info", "comment",
          "comments", "message", "mitteilung")),
      Map.entry("memo", List.of("memo", "notes", "note", "remarks", "comment", "comments", "message", "mitteilung",
          "verwendungszweck", "purpose", "reason", "mededelingen", "communication", "remittanceinformation",
          "causale", "concepto", "libelle")),
      Map.entry("from", List.of("from", "sender", "fromname", "sendername", "von")),
      Map.entry("to", List.of("to", "recipient", "toname", "recipientname")),
      Map.entry("counterpartyAccount", List.of("counterpartyaccount", "counterpartyiban", "counterpartaccount",
          "payeeaccount", "beneficiaryaccount", "beneficiaryiban", "tegenrekening", "tegenrekeningiban",
          "gegenkonto", "kontonummeriban", "ibanauftraggeberempfanger", "ibanempfanger", "ibanzahlungspflichtiger",
          "ibanbeguenstigterzahlungspflichtiger", "ibanbegunstigterzahlungspflichtiger", "cuentacontraparte")),
      Map.entry("payee", List.of("payee", "payeename", "merchant", "merchantname", "name", "counterparty",
          "counterpartyname", "beneficiary", "beneficiaryname", "payer", "auftraggeberempfanger",
          "empfanger", "empfaenger", "begunstigterzahlungspflichtiger", "beguenstigterzahlungspflichtiger",
          "zahlungsempfanger", "nombre", "beneficiario", "ordenante", "tiers", "beneficiaire",
          "naamomschrijving", "naam", "tegenpartij")),
      Map.entry("reference", List.of("reference", "ref", "referenz", "referencia", "checknumber", "checknum",
          "chequenumber", "check", "num", "transactionid", "transactionreference", "orderid", "fitid", "id",
          "separeference", "kundenreferenz", "endtoendreference", "mandatereference")),
      Map.entry("balance", List.of("balance", "runningbalance", "kontostand", "saldo", "solde", "saldonachbuchung",
          "balanceafter", "availablebalance", "runningtotal", "saldoapos")),
      Map.entry("currency", List.of("currency", "currencycode", "ccy", "wahrung", "waehrung", "moneda", "devise",
          "divisa", "valutacode", "munt", "monn", "monnaie", "curr", "cur", "isocurrency", "currencyiso")),
      Map.entry("account", List.of("account", "accountname", "accountnumber", "accountno", "acctid", "iban",
          "konto", "kontonummer", "auftragskonto", "cuenta", "compte", "rekening", "rekeningnummer", "conto",
          "cardno", "cardnumber", "card", "cardusedfortransaction", "cardused")),
      Map.entry("category", List.of("category", "label", "kategorie", "categoria", "categorie", "rubrik")));

  private HeaderNames() {}

  /**
   * The comparable form of a header cell.
   *
   * @param header the cell
   * @return lower-case letters and digits, without accents or bracketed parts
   */
  static String normalize(String header) {
    String s = header.strip();
    if (!s.isEmpty() && s.charAt(0) == '\ufeff') {
      s = s.substring(1);
    }
    s = s.replaceAll("\\(.*?\\)|\\[.*?]", "");
    s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    s = s.toLowerCase(Locale.ROOT).replace("ß", "ss");
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Whether a normalized header is a numbered extra description column ({@code VWZ2},
   * {@code Verwendungszweck 3}, {@code Description 2}).
   *
   * @param norm a normalized header
   * @return true for such a column
   */
  static boolean isDescriptionContinuation(String norm) {
    for (String p : List.of("vwz", "verwendungszweck", "description", "memo", "details", "narrative")) {
      if (norm.length() > p.length() && norm.startsWith(p) && norm.substring(p.length()).chars().allMatch(Character::isDigit)) {
        return true;
      }
    }
    return false;
  }
}
