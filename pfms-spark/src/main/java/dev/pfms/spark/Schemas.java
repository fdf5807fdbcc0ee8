package dev.pfms.spark;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas of the Datasets pfms-spark reads and writes. Column names are snake_case so they work
 * unquoted in Spark SQL. Money is {@code decimal(22,4)} plus an ISO 4217 {@code currency} column:
 * exact for every currency (no currency has more than 4 minor digits), never a double.
 */
public final class Schemas {

  private Schemas() {}

  /** The money type: {@code decimal(22,4)}. */
  public static final DecimalType MONEY = DataTypes.createDecimalType(22, 4);

  /**
   * One row per transaction, in source order within a file.
   *
   * <table>
   * <caption>transactions</caption>
   * <tr><th>column</th><th>type</th><th>null?</th><th>meaning</th></tr>
   * <tr><td>id</td><td>string</td><td>no</td><td>stable content id (same as the single-JVM ingest)</td></tr>
   * <tr><td>account</td><td>string</td><td>no</td><td>masked account</td></tr>
   * <tr><td>booking_date</td><td>date</td><td>no</td><td>booking date</td></tr>
   * <tr><td>value_date</td><td>date</td><td>yes</td><td>value date</td></tr>
   * <tr><td>amount</td><td>decimal(22,4)</td><td>no</td><td>signed amount, negative = money out</td></tr>
   * <tr><td>currency</td><td>string</td><td>no</td><td>ISO 4217 code</td></tr>
   * <tr><td>description</td><td>string</td><td>no</td><td>raw description</td></tr>
   * <tr><td>merchant</td><td>string</td><td>no</td><td>normalized merchant (may be empty)</td></tr>
   * <tr><td>reference</td><td>string</td><td>yes</td><td>bank reference</td></tr>
   * <tr><td>balance</td><td>decimal(22,4)</td><td>yes</td><td>running balance</td></tr>
   * <tr><td>category</td><td>string</td><td>yes</td><td>category code from the file</td></tr>
   * <tr><td>source</td><td>string</td><td>no</td><td>file name</td></tr>
   * <tr><td>line</td><td>long</td><td>no</td><td>line or record number in the file</td></tr>
   * <tr><td>format</td><td>string</td><td>no</td><td>the ingestor that read it ({@code csv}, {@code ofx}, …)</td></tr>
   * <tr><td>counterparty</td><td>string</td><td>yes</td><td>the other party's name as the bank states it</td></tr>
   * <tr><td>counterparty_account</td><td>string</td><td>yes</td><td>the other party's account, masked
   *     ({@code ****1234})</td></tr>
   * <tr><td>memo</td><td>string</td><td>yes</td><td>remittance text or note</td></tr>
   * </table>
   *
   * <p>The last three columns came after {@code format} (ADR 0015), so the positions of the older
   * columns, and of the columns {@link #ANALYZED} adds, are those of earlier versions plus three.
   */
  public static final StructType TRANSACTIONS = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("account", DataTypes.StringType, false)
      .add("booking_date", DataTypes.DateType, false)
      .add("value_date", DataTypes.DateType, true)
      .add("amount", MONEY, false)
      .add("currency", DataTypes.StringType, false)
      .add("description", DataTypes.StringType, false)
      .add("merchant", DataTypes.StringType, false)
      .add("reference", DataTypes.StringType, true)
      .add("balance", MONEY, true)
      .add("category", DataTypes.StringType, true)
      .add("source", DataTypes.StringType, false)
      .add("line", DataTypes.LongType, false)
      .add("format", DataTypes.StringType, false)
      .add("counterparty", DataTypes.StringType, true)
      .add("counterparty_account", DataTypes.StringType, true)
      .add("memo", DataTypes.StringType, true);

  /**
   * One row per rejected record or unreadable file: {@code source} (file name), {@code line} (0 for
   * the file as a whole), {@code field} (nullable), {@code reason}.
   */
  public static final StructType PROBLEMS = new StructType()
      .add("source", DataTypes.StringType, false)
      .add("line", DataTypes.LongType, false)
      .add("field", DataTypes.StringType, true)
      .add("reason", DataTypes.StringType, false);

  private static final DataType REASONS = DataTypes.createArrayType(DataTypes.StringType, false);

  /**
   * {@link #TRANSACTIONS} plus: {@code predicted_category} (string), {@code confidence} (double in
   * [0,1]), {@code needs_review} (boolean), {@code categorizer} (string, the model that decided),
   * {@code anomaly_score} (double, higher is more unusual), {@code flagged} (boolean),
   * {@code reasons} (array of strings, for flagged rows).
   */
  public static final StructType ANALYZED = TRANSACTIONS
      .add("predicted_category", DataTypes.StringType, false)
      .add("confidence", DataTypes.DoubleType, false)
      .add("needs_review", DataTypes.BooleanType, false)
      .add("categorizer", DataTypes.StringType, false)
      .add("anomaly_score", DataTypes.DoubleType, false)
      .add("flagged", DataTypes.BooleanType, false)
      .add("reasons", REASONS, false);

  /**
   * One row per forecast period of a monthly spending series (money out as positive amounts) per
   * account and predicted category: {@code account}, {@code category}, {@code currency},
   * {@code period_start} (date), {@code mean}, {@code lower}, {@code upper} (decimal(22,4)),
   * {@code level} (double), {@code model} (string), {@code history_months} (int).
   */
  public static final StructType FORECASTS = new StructType()
      .add("account", DataTypes.StringType, false)
      .add("category", DataTypes.StringType, false)
      .add("currency", DataTypes.StringType, false)
      .add("period_start", DataTypes.DateType, false)
      .add("mean", MONEY, false)
      .add("lower", MONEY, false)
      .add("upper", MONEY, false)
      .add("level", DataTypes.DoubleType, false)
      .add("model", DataTypes.StringType, false)
      .add("history_months", DataTypes.IntegerType, false);
}
