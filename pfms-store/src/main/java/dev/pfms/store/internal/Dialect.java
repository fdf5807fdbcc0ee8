package dev.pfms.store.internal;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What differs between the two databases in binding and reading values. SQL text is shared: both
 * speak {@code ON CONFLICT … DO NOTHING/UPDATE} and {@code RETURNING}.
 */
public enum Dialect {
  /** SQLite: decimals, dates and instants as ISO text (exact, sortable). */
  SQLITE("sqlite"),
  /** PostgreSQL: NUMERIC, DATE and TIMESTAMPTZ. */
  POSTGRESQL("postgresql");

  private final String migrations;

  Dialect(String folder) {
    this.migrations = "classpath:db/migration/" + folder;
  }

  /**
   * The Flyway location of this dialect's migrations.
   *
   * @return the location
   */
  public String migrations() {
    return migrations;
  }

  void decimal(PreparedStatement ps, int i, BigDecimal v) throws SQLException {
    if (v == null) {
      ps.setNull(i, this == SQLITE ? java.sql.Types.VARCHAR : java.sql.Types.NUMERIC);
    } else if (this == SQLITE) {
      ps.setString(i, v.toPlainString());
    } else {
      ps.setBigDecimal(i, v);
    }
  }

  void date(PreparedStatement ps, int i, LocalDate v) throws SQLException {
    if (v == null) {
      ps.setNull(i, this == SQLITE ? java.sql.Types.VARCHAR : java.sql.Types.DATE);
    } else if (this == SQLITE) {
      ps.setString(i, v.toString());
    } else {
      ps.setObject(i, v);
    }
  }

  void instant(PreparedStatement ps, int i, Instant v) throws SQLException {
    if (v == null) {
      ps.setNull(i, this == SQLITE ? java.sql.Types.VARCHAR : java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
    } else if (this == SQLITE) {
      ps.setString(i, v.toString());
    } else {
      ps.setObject(i, OffsetDateTime.ofInstant(v, ZoneOffset.UTC));
    }
  }

  static BigDecimal decimal(ResultSet rs, String col) throws SQLException {
    String s = rs.getString(col);
    return s == null ? null : new BigDecimal(s);
  }

  static LocalDate date(ResultSet rs, String col) throws SQLException {
    String s = rs.getString(col);
    return s == null ? null : LocalDate.parse(s);
  }

  Instant instant(ResultSet rs, String col) throws SQLException {
    if (this == SQLITE) {
      String s = rs.getString(col);
      return s == null ? null : Instant.parse(s);
    }
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
