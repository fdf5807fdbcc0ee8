package dev.pfms.core.ingest.csv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to read one bank's CSV export: a layout detected by {@link CsvIngestor#detect} and saved, or a
 * profile shipped with pfms for a known bank. Immutable; read and written as JSON.
 *
 * <p>Every component may be {@code null}, meaning "detect it": a profile only has to say what
 * detection cannot know (for example that a card export shows charges as positive numbers, via
 * {@code negate}). Columns are named by their header text, or by {@code "#n"} (1-based) in a file
 * without a header.
 *
 * <pre>{@code
 * {
 *   "name": "pcmastercard",
 *   "description": "PC Financial Mastercard: charges are positive",
 *   "header": ["Merchant Name", "Card Used For Transaction", "Date", "Time", "Amount"],
 *   "dateFormat": "MM/dd/yyyy",
 *   "columns": { "date": "Date", "amount": "Amount", "payee": "Merchant Name" },
 *   "negate": true,
 *   "currency": "CAD"
 * }
 * }</pre>
 *
 * @param name the profile name (shipped profiles: the bank, e.g. {@code "gls"})
 * @param description one line on what the profile is for and why it exists
 * @param header the exact header cells that identify this export, for automatic matching; or null
 * @param charset the charset name, e.g. {@code "UTF-8"} or {@code "windows-1252"}
 * @param delimiter the field delimiter, one character ({@code "\t"} for tab)
 * @param skipRows how many records precede the header (or the first data row when headerless)
 * @param hasHeader whether the file has a header row
 * @param dayFirst whether numeric dates whose year is last are day-first ({@code dd/MM}) rather than
 *     month-first ({@code MM/dd})
 * @param dateFormat a readable pattern of the dates (informational, e.g. {@code "dd.MM.yyyy"})
 * @param decimalSeparator {@code "."} or {@code ","}
 * @param columns which column holds which field
 * @param negate whether to flip every amount's sign (exports that show money out as positive)
 * @param currency the ISO 4217 currency when the file has no currency column
 * @param account the account when the file has no account column
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record CsvProfile(
    String name,
    String description,
    List<String> header,
    String charset,
    String delimiter,
    Integer skipRows,
    Boolean hasHeader,
    Boolean dayFirst,
    String dateFormat,
    String decimalSeparator,
    Columns columns,
    Boolean negate,
    String currency,
    String account) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String RESOURCES = "/dev/pfms/core/ingest/csv/profiles/";

  /**
   * Which column holds which field; {@code null} means "detect" (or "absent" in a detected layout).
   *
   * @param date the booking date
   * @param valueDate the value date
   * @param amount a signed amount (or unsigned with {@code type})
   * @param debit money out, when debit and credit are separate columns
   * @param credit money in, when debit and credit are separate columns
   * @param type a debit/credit indicator giving the sign of {@code amount}
   * @param description the description columns, joined with a space
   * @param payee the payee or counterparty name
   * @param reference the bank reference
   * @param balance the running balance
   * @param currency the currency code
   * @param account the account number or name
   * @param category a category or label
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Columns(
      String date, String valueDate, String amount, String debit, String credit, String type,
      List<String> description, String payee, String reference, String balance, String currency,
      String account, String category) {

    /** Copies the description list. */
    public Columns {
      description = description == null ? null : List.copyOf(description);
    }

    /** No column set: detect all. */
    static final Columns NONE = new Columns(null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  /** Copies the lists and checks the values. */
  public CsvProfile {
    header = header == null ? null : List.copyOf(header);
    if (delimiter != null && delimiter.length() != 1) {
      throw new IllegalArgumentException("profile '" + name + "': delimiter must be one character, not \"" + delimiter + "\"");
    }
    if (decimalSeparator != null && !decimalSeparator.equals(".") && !decimalSeparator.equals(",")) {
      throw new IllegalArgumentException("profile '" + name + "': decimalSeparator must be \".\" or \",\"");
    }
    if (skipRows != null && skipRows < 0) {
      throw new IllegalArgumentException("profile '" + name + "': skipRows must be >= 0");
    }
  }

  /**
   * An empty profile: everything is detected.
   *
   * @return the profile
   */
  public static CsvProfile detectAll() {
    return new CsvProfile("detected", null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * The columns, never null.
   *
   * @return the columns
   */
  public Columns columnsOrNone() {
    return columns == null ? Columns.NONE : columns;
  }

  /**
   * This profile as JSON.
   *
   * @return pretty-printed JSON
   */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write profile " + name, e);
    }
  }

  /**
   * Writes this profile to a file.
   *
   * @param file the file
   * @throws IOException when it cannot be written
   */
  public void write(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  /**
   * Reads a profile from JSON text.
   *
   * @param json the JSON
   * @return the profile
   * @throws IllegalArgumentException naming the problem when the JSON is not a valid profile
   */
  public static CsvProfile fromJson(String json) {
    try {
      return JSON.readValue(json, CsvProfile.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a valid CSV profile: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a profile from a file.
   *
   * @param file the JSON file
   * @return the profile
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException when it is not a valid profile
   */
  public static CsvProfile read(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * The names of the profiles shipped with pfms.
   *
   * @return the names, e.g. {@code gls}, {@code pcmastercard}
   */
  public static List<String> shippedNames() {
    try (InputStream in = CsvProfile.class.getResourceAsStream(RESOURCES + "index.txt")) {
      if (in == null) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (!line.isBlank() && !line.startsWith("#")) {
            names.add(line.strip());
          }
        }
      }
      return List.copyOf(names);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list shipped CSV profiles", e);
    }
  }

  /**
   * A profile shipped with pfms.
   *
   * @param name the name, e.g. {@code "gls"}
   * @return the profile, if shipped
   */
  public static Optional<CsvProfile> shipped(String name) {
    if (!name.matches("[a-z0-9_-]+")) {
      return Optional.empty();
    }
    try (InputStream in = CsvProfile.class.getResourceAsStream(RESOURCES + name + ".json")) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read shipped CSV profile " + name, e);
    }
  }

  /** Holds the shipped profiles, read once. */
  static final class Shipped {
    static final List<CsvProfile> ALL = shippedNames().stream().map(n -> shipped(n).orElseThrow()).toList();

    private Shipped() {}
  }

  /**
   * The shipped profile whose header matches a file's header cells exactly (ignoring case and
   * surrounding space), if any.
   *
   * @param headerCells the file's header cells
   * @return the profile
   */
  public static Optional<CsvProfile> matchShipped(List<String> headerCells) {
    for (CsvProfile p : Shipped.ALL) {
      if (p.header() != null && p.header().size() == headerCells.size()) {
        boolean same = true;
        for (int i = 0; i < headerCells.size() && same; i++) {
          same = p.header().get(i).strip().equalsIgnoreCase(headerCells.get(i).strip());
        }
        if (same) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }
}
