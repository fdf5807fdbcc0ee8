package dev.pfms.core.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed forecast::ets reference fits ({@code ets_reference.json}, written by
 * {@code tools/reference/ets/ets_reference.R}).
 */
final class EtsReference {

  private EtsReference() {}

  /** One R fit. */
  record Fit(String model, double loglik, double aicc, int npar, double alpha, double beta, double gamma, double phi,
      double[] initstate, double[] mean, double[] lower80, double[] upper80, double[] lower95, double[] upper95) {}

  /** One series with its automatic choice and its forced fits. */
  record Series(String name, int frequency, int h, double[] values, Fit auto, List<Fit> fits) {}

  static List<Series> load() {
    try (InputStream in = EtsReference.class.getResourceAsStream("ets_reference.json")) {
      if (in == null) {
        throw new IllegalStateException("ets_reference.json is missing from the test resources");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<Series> out = new ArrayList<>();
      for (JsonNode s : root.get("series")) {
        List<Fit> fits = new ArrayList<>();
        for (JsonNode f : s.get("fits")) {
          fits.add(fit(f));
        }
        out.add(new Series(s.get("name").asText(), s.get("frequency").asInt(), s.get("h").asInt(),
            doubles(s.get("values")), fit(s.get("auto")), fits));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Fit fit(JsonNode f) {
    return new Fit(f.get("model").asText(), f.get("loglik").asDouble(), f.get("aicc").asDouble(), f.get("npar").asInt(),
        num(f, "alpha"), num(f, "beta"), num(f, "gamma"), num(f, "phi"), doubles(f.get("initstate")),
        doubles(f.get("mean")), doubles(f.get("lower80")), doubles(f.get("upper80")), doubles(f.get("lower95")),
        doubles(f.get("upper95")));
  }

  private static double num(JsonNode f, String k) {
    JsonNode v = f.get(k);
    return v == null || v.isNull() ? Double.NaN : v.asDouble();
  }

  private static double[] doubles(JsonNode a) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = a.get(i).asDouble();
    }
    return d;
  }
}
