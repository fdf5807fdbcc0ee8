package dev.pfms.core.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Exponential smoothing state-space models (Hyndman, Koehler, Ord and Snyder, 2008): fitting by
 * maximum likelihood and selection by AICc. Pure math on {@code double[]}; stateless and
 * thread-safe.
 *
 * <p>The family is forecast::ets's default one ({@code restrict = TRUE}, no multiplicative trend):
 * error additive or multiplicative × trend none, additive or damped × season none, additive or
 * multiplicative, less additive errors with multiplicative season — 15 forms. Multiplicative errors
 * and seasons need a strictly positive series; seasons need {@code 1 < m ≤ 24} (forecast ignores
 * seasonality above 24, e.g. for weekly data) and more than {@code m} points to be fitted, two full
 * seasons to be chosen automatically.
 *
 * <p>Estimation maximises the same likelihood as forecast::ets, {@code n·log(Σe²)} for additive and
 * {@code n·log(Σe²) + 2·Σlog|ŷ|} for multiplicative errors, over the smoothing parameters
 * <em>and</em> the initial level, trend and {@code m − 1} seasonal states (the last one follows from
 * the normalisation: seasonal states sum to 0, or to {@code m} when multiplicative), inside
 * forecast's {@code bounds = "both"} region: {@code 10⁻⁴ ≤ β ≤ α ≤ 0.9999},
 * {@code 10⁻⁴ ≤ γ ≤ 1 − α}, {@code 0.8 ≤ φ ≤ 0.98}, and the admissible region of Hyndman, Akram and
 * Archibald (2008). Models whose recursions are linear get their initial states by exact least
 * squares inside the search; the rest (and multiplicative errors) are polished by Nelder-Mead with
 * restarts over every coordinate, started from forecast's {@code initstate} heuristic. The AICc
 * counts exactly the estimated parameters plus σ; a model needs {@code n ≥ k + 2} points for its
 * {@code k}.
 */
public final class Ets {

  private Ets() {}

  /** The error component. */
  public enum Error {
    /** Additive errors. */
    ADDITIVE("A"),
    /** Multiplicative (relative) errors. */
    MULTIPLICATIVE("M");

    private final String code;

    Error(String code) {
      this.code = code;
    }
  }

  /** The trend component. */
  public enum Trend {
    /** No trend. */
    NONE("N"),
    /** Linear trend. */
    ADDITIVE("A"),
    /** Damped linear trend. */
    DAMPED("Ad");

    private final String code;

    Trend(String code) {
      this.code = code;
    }
  }

  /** The seasonal component. */
  public enum Season {
    /** No season. */
    NONE("N"),
    /** Additive season. */
    ADDITIVE("A"),
    /** Multiplicative season. */
    MULTIPLICATIVE("M");

    private final String code;

    Season(String code) {
      this.code = code;
    }
  }

  /**
   * A model form.
   *
   * @param error the error type
   * @param trend the trend type
   * @param season the season type
   */
  public record Spec(Error error, Trend trend, Season season) {

    /** Validates the combination. */
    public Spec {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(trend, "trend");
      Objects.requireNonNull(season, "season");
      if (error == Error.ADDITIVE && season == Season.MULTIPLICATIVE) {
        throw new IllegalArgumentException("additive errors with multiplicative season are numerically unstable"
            + " (forecast::ets excludes them with restrict = TRUE)");
      }
    }

    /**
     * Parses a label such as {@code ETS(M,Ad,N)} or {@code MAdN}.
     *
     * @param label the label
     * @return the form
     * @throws IllegalArgumentException when it is not a known form
     */
    public static Spec parse(String label) {
      String s = label.replace("ETS(", "").replace(")", "").replace(",", "").trim();
      if (s.length() < 3) {
        throw new IllegalArgumentException("not an ETS model label: " + label);
      }
      Error e = switch (s.charAt(0)) {
        case 'A' -> Error.ADDITIVE;
        case 'M' -> Error.MULTIPLICATIVE;
        default -> throw new IllegalArgumentException("unknown error type in " + label);
      };
      String rest = s.substring(1);
      Trend t;
      if (rest.startsWith("Ad")) {
        t = Trend.DAMPED;
        rest = rest.substring(2);
      } else if (rest.startsWith("A")) {
        t = Trend.ADDITIVE;
        rest = rest.substring(1);
      } else if (rest.startsWith("N")) {
        t = Trend.NONE;
        rest = rest.substring(1);
      } else {
        throw new IllegalArgumentException("unknown trend type in " + label);
      }
      Season se = switch (rest) {
        case "N" -> Season.NONE;
        case "A" -> Season.ADDITIVE;
        case "M" -> Season.MULTIPLICATIVE;
        default -> throw new IllegalArgumentException("unknown season type in " + label);
      };
      return new Spec(e, t, se);
    }

    /**
     * The conventional name, e.g. {@code ETS(A,Ad,N)}.
     *
     * @return the name
     */
    public String label() {
      return "ETS(" + error.code + "," + trend.code + "," + season.code + ")";
    }

    /**
     * The number of estimated parameters including σ: smoothing parameters, the initial states
     * ({@code m - 1} free seasonal indices) and the error variance.
     *
     * @param m the season length
     * @return the count
     */
    public int parameterCount(int m) {
      int k = 1 + 1 + 1; // alpha, l0, sigma
      if (trend != Trend.NONE) {
        k += 2; // beta, b0
      }
      if (trend == Trend.DAMPED) {
        k += 1;
      }
      if (season != Season.NONE) {
        k += 1 + (m - 1);
      }
      return k;
    }

    boolean seasonal() {
      return season != Season.NONE;
    }
  }

  /** forecast::ets ignores seasonality for longer seasons ("frequency greater than 24"). */
  public static final int MAX_SEASON = 24;

  /**
   * The models eligible for a series, in forecast::ets's search order: multiplicative errors and
   * seasons only for strictly positive series, seasons only for {@code 1 < m ≤ 24} and at least two
   * full seasons (forecast::ets allows any {@code n > m}; see the ADR), and every model with at
   * least {@code k + 2} points for its {@code k} parameters (so that its AICc is finite).
   *
   * @param y the series
   * @param m the season length (1 for none)
   * @return the eligible forms, possibly empty
   */
  public static List<Spec> candidates(double[] y, int m) {
    boolean positive = positive(y);
    // forecast::ets lets a seasonal model in from n > m; with exact initial states a model of
    // m + 3 parameters then fits a season and a half almost perfectly, and the AICc penalty does not
    // stop it, so the automatic choice waits for two full seasons (fit() still accepts n > m)
    boolean seasonOk = m > 1 && m <= MAX_SEASON && y.length >= 2 * m;
    List<Spec> out = new ArrayList<>();
    for (Error e : Error.values()) {
      if (e == Error.MULTIPLICATIVE && !positive) {
        continue;
      }
      for (Trend t : new Trend[] {Trend.NONE, Trend.DAMPED, Trend.ADDITIVE}) {
        for (Season s : Season.values()) {
          if (s != Season.NONE && !seasonOk) {
            continue;
          }
          if (e == Error.ADDITIVE && s == Season.MULTIPLICATIVE) {
            continue;
          }
          Spec spec = new Spec(e, t, s);
          if (y.length >= spec.parameterCount(s == Season.NONE ? 1 : m) + 2) {
            out.add(spec);
          }
        }
      }
    }
    // forecast's order: N then damped then plain trend within each season
    out.sort(java.util.Comparator.comparing((Spec s) -> s.error().ordinal())
        .thenComparing(s -> s.trend() == Trend.NONE ? 0 : 1)
        .thenComparing(s -> s.season().ordinal())
        .thenComparing(s -> s.trend() == Trend.DAMPED ? 0 : 1));
    return out;
  }

  /**
   * Fits every eligible model and returns the one with the lowest AICc (forecast::ets's automatic
   * selection, {@code model = "ZZZ"}). A constant series gets simple smoothing of that constant.
   *
   * @param y the series
   * @param m the season length (1 for none)
   * @return the chosen model
   * @throws IllegalArgumentException when no model is eligible (too short a series)
   */
  public static EtsModel select(double[] y, int m) {
    List<Spec> specs = candidates(y, m);
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("a series of " + y.length + " points is too short for any ETS model");
    }
    if (constant(y)) {
      return fit(y, 1, new Spec(Error.ADDITIVE, Trend.NONE, Season.NONE));
    }
    EtsModel best = null;
    for (Spec s : specs) {
      EtsModel fit = fit(y, m, s);
      if (fit != null && (best == null || fit.aicc() < best.aicc())) {
        best = fit;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no ETS model could be fitted to this series");
    }
    return best;
  }

  /**
   * Fits one model form by maximum likelihood over its smoothing parameters and initial states.
   *
   * @param y the series
   * @param m the season length (1 for none; ignored by non-seasonal forms)
   * @param spec the form
   * @return the fitted model, or {@code null} when the form is not eligible for this series
   */
  public static EtsModel fit(double[] y, int m, Spec spec) {
    Objects.requireNonNull(spec, "spec");
    int n = y.length;
    int mm = spec.seasonal() ? m : 1;
    if (spec.seasonal() && (m <= 1 || m > MAX_SEASON || n <= m)) {
      return null;
    }
    if ((spec.error() == Error.MULTIPLICATIVE || spec.season() == Season.MULTIPLICATIVE) && !positive(y)) {
      return null;
    }
    if (n < spec.parameterCount(mm) + 2) {
      return null;
    }
    Problem pr = new Problem(y, mm, spec);
    double[] best = pr.heuristicStart();
    double bestValue = pr.full(best);
    if (spec.season() != Season.MULTIPLICATIVE) {
      double[] c = pr.concentratedSearch();
      double v = pr.full(c);
      if (v < bestValue || !Double.isFinite(bestValue)) {
        best = c;
        bestValue = v;
      }
      if (spec.error() == Error.MULTIPLICATIVE) {
        best = pr.polish(best);
      }
    } else {
      double[] fromAdditive = pr.multiplicativeFromAdditive();
      double[] a = pr.polish(best);
      double va = pr.full(a);
      if (fromAdditive != null) {
        double[] b = pr.polish(fromAdditive);
        if (pr.full(b) < va || !Double.isFinite(va)) {
          a = b;
        }
      }
      best = a;
    }
    if (!Double.isFinite(pr.full(best))) {
      return null;
    }
    return pr.model(best);
  }

  /** One fitting problem: the series, the form and the coordinates the optimiser moves. */
  private static final class Problem {
    final double[] y;
    final int n;
    final int m;
    final Spec spec;
    final boolean trend;
    final boolean damped;
    final boolean seasonal;
    final boolean multSeason;
    final int nTheta;
    final int nStates;
    final int off;
    final double scale;

    Problem(double[] y, int m, Spec spec) {
      this.y = y;
      this.n = y.length;
      this.m = m;
      this.spec = spec;
      this.trend = spec.trend() != Trend.NONE;
      this.damped = spec.trend() == Trend.DAMPED;
      this.seasonal = spec.seasonal();
      this.multSeason = spec.season() == Season.MULTIPLICATIVE;
      this.nTheta = 1 + (trend ? 1 : 0) + (seasonal ? 1 : 0) + (damped ? 1 : 0);
      this.off = trend ? 2 : 1;
      this.nStates = off + (seasonal ? m - 1 : 0);
      this.scale = scale(y);
    }

    /** {alpha, beta, gamma, phi} from the optimiser's unconstrained coordinates. */
    double[] theta(double[] c) {
      int i = 0;
      double alpha = EtsCore.LOWER + (EtsCore.UPPER - EtsCore.LOWER) * sigmoid(c[i++]);
      double beta = 0;
      double gamma = 0;
      double phi = 1;
      if (trend) {
        double hi = Math.min(EtsCore.UPPER, alpha);
        beta = EtsCore.LOWER + (hi - EtsCore.LOWER) * sigmoid(c[i++]);
      }
      if (seasonal) {
        double hi = Math.min(EtsCore.UPPER, 1 - alpha);
        gamma = EtsCore.LOWER + (hi - EtsCore.LOWER) * sigmoid(c[i++]);
      }
      if (damped) {
        phi = EtsCore.PHI_LOWER + (EtsCore.PHI_UPPER - EtsCore.PHI_LOWER) * sigmoid(c[i]);
      }
      return new double[] {alpha, beta, gamma, phi};
    }

    double[] thetaCoordinates(double alpha, double beta, double gamma, double phi) {
      double[] c = new double[nTheta];
      int i = 0;
      c[i++] = logit((alpha - EtsCore.LOWER) / (EtsCore.UPPER - EtsCore.LOWER));
      if (trend) {
        double hi = Math.min(EtsCore.UPPER, alpha);
        c[i++] = logit((beta - EtsCore.LOWER) / Math.max(1e-12, hi - EtsCore.LOWER));
      }
      if (seasonal) {
        double hi = Math.min(EtsCore.UPPER, 1 - alpha);
        c[i++] = logit((gamma - EtsCore.LOWER) / Math.max(1e-12, hi - EtsCore.LOWER));
      }
      if (damped) {
        c[i] = logit((phi - EtsCore.PHI_LOWER) / (EtsCore.PHI_UPPER - EtsCore.PHI_LOWER));
      }
      return c;
    }

    boolean admissible(double[] th) {
      return EtsCore.admissible(th[0], th[1], th[2], th[3], m, trend, seasonal);
    }

    /** The full initial state (level, [trend], season positions) from the free coordinates. */
    double[] states(double[] c) {
      double[] x = new double[off + (seasonal ? m : 0)];
      x[0] = c[nTheta] * scale;
      if (trend) {
        x[1] = c[nTheta + 1] * scale;
      }
      if (seasonal) {
        double unit = multSeason ? 1 : scale;
        double sum = 0;
        for (int j = 1; j < m; j++) {
          x[off + j] = c[nTheta + off + j - 1] * unit;
          sum += x[off + j];
        }
        x[off] = (multSeason ? m : 0) - sum;
      }
      return x;
    }

    double[] coordinates(double[] theta, double[] x) {
      double[] c = Arrays.copyOf(thetaCoordinates(theta[0], theta[1], theta[2], theta[3]), nTheta + nStates);
      c[nTheta] = x[0] / scale;
      if (trend) {
        c[nTheta + 1] = x[1] / scale;
      }
      if (seasonal) {
        double unit = multSeason ? 1 : scale;
        for (int j = 1; j < m; j++) {
          c[nTheta + off + j - 1] = x[off + j] / unit;
        }
      }
      return c;
    }

    /** The likelihood criterion at a full coordinate vector; +∞ outside the admissible region. */
    double full(double[] c) {
      double[] th = theta(c);
      if (!admissible(th)) {
        return Double.POSITIVE_INFINITY;
      }
      double[] x = states(c);
      if (multSeason) {
        for (int j = 0; j < m; j++) {
          if (x[off + j] < 0) {
            return Double.POSITIVE_INFINITY;
          }
        }
      }
      return EtsCore.run(y, m, spec, th[0], th[1], th[2], th[3], x[0], trend ? x[1] : 0,
          seasonal ? Arrays.copyOfRange(x, off, off + m) : null, null);
    }

    /** forecast's {@code initparam} and {@code initstate} starting point. */
    double[] heuristicStart() {
      double alpha = EtsCore.LOWER + 0.2 * (EtsCore.UPPER - EtsCore.LOWER) / m;
      double beta = EtsCore.LOWER + 0.1 * (Math.min(EtsCore.UPPER, alpha) - EtsCore.LOWER);
      double gamma = EtsCore.LOWER + 0.05 * (Math.min(EtsCore.UPPER, 1 - alpha) - EtsCore.LOWER);
      double phi = EtsCore.PHI_LOWER + 0.99 * (EtsCore.PHI_UPPER - EtsCore.PHI_LOWER);
      return coordinates(new double[] {alpha, beta, gamma, phi}, EtsCore.initialStates(y, m, spec));
    }

    // ---- concentrated search for linear recursions: states by least squares given θ ----

    private double[] lastStates;

    /** The criterion with the initial states solved for θ; remembers them in {@code lastStates}. */
    double concentrated(double[] u) {
      double[] th = theta(u);
      if (!admissible(th)) {
        return Double.POSITIVE_INFINITY;
      }
      int full = off + (seasonal ? m : 0);
      double[] f0 = new double[n];
      EtsCore.linearFits(y, n, m, spec, th[0], th[1], th[2], th[3], new double[full], f0);
      double[][] cols = new double[nStates][n];
      for (int j = 0; j < nStates; j++) {
        double[] basis = new double[full];
        if (j < off) {
          basis[j] = 1;
        } else {
          basis[j + 1] = 1; // free season position j - off + 1
          basis[off] = -1;  // the derived position 0
        }
        EtsCore.linearFits(null, n, m, spec, th[0], th[1], th[2], th[3], basis, cols[j]);
      }
      double[] r = new double[n];
      for (int t = 0; t < n; t++) {
        r[t] = y[t] - f0[t];
      }
      double[] z = EtsCore.leastSquares(cols, r, n, null);
      double[] f = new double[n];
      double value = Double.POSITIVE_INFINITY;
      for (int iter = 0; iter < (spec.error() == Error.MULTIPLICATIVE ? 3 : 1); iter++) {
        if (iter > 0) {
          double[] w = new double[n];
          for (int t = 0; t < n; t++) {
            double ft = Math.abs(f[t]) > 1e-8 * scale ? f[t] : scale;
            w[t] = 1 / (ft * ft);
          }
          z = EtsCore.leastSquares(cols, r, n, w);
        }
        double sse = 0;
        double sumLog = 0;
        for (int t = 0; t < n; t++) {
          double ft = f0[t];
          for (int j = 0; j < nStates; j++) {
            ft += cols[j][t] * z[j];
          }
          f[t] = ft;
          double e = spec.error() == Error.MULTIPLICATIVE ? (y[t] - ft) / ft : y[t] - ft;
          sse += e * e;
          sumLog += Math.log(Math.abs(ft));
        }
        double v = n * Math.log(sse) + (spec.error() == Error.MULTIPLICATIVE ? 2 * sumLog : 0);
        v = Double.isNaN(v) ? Double.POSITIVE_INFINITY : Math.max(v, -1e10);
        if (iter == 0 || v < value) {
          value = v;
          lastStates = z.clone();
        }
      }
      return value;
    }

    double[] concentratedSearch() {
      double[] h = heuristicStart();
      List<double[]> starts = new ArrayList<>();
      starts.add(Arrays.copyOf(h, nTheta));
      for (double a : new double[] {0.05, 0.3, 0.6, 0.9}) {
        for (double bf : trend ? new double[] {0.01, 0.3} : new double[] {0.1}) {
          starts.add(thetaCoordinates(a, Math.max(EtsCore.LOWER, a * bf), Math.min(0.2, (1 - a) / 2), 0.9));
        }
      }
      double[] bestU = null;
      double bestV = Double.POSITIVE_INFINITY;
      double[] step = new double[nTheta];
      Arrays.fill(step, 1.0);
      // run from forecast's start and from the two most promising grid points
      List<double[]> grid = new ArrayList<>(starts.subList(1, starts.size()));
      grid.sort(java.util.Comparator.comparingDouble(this::concentrated));
      List<double[]> chosen = List.of(starts.get(0), grid.get(0), grid.get(1));
      for (double[] s : chosen) {
        double[] r = NelderMead.minimize(this::concentrated, s, step, 150 * nTheta + 100, 1e-10);
        double v = r[nTheta];
        if (bestU == null || v < bestV) {
          bestU = Arrays.copyOf(r, nTheta);
          bestV = v;
        }
      }
      double[] r = NelderMead.minimize(this::concentrated, bestU, step, 150 * nTheta + 100, 1e-12);
      if (r[nTheta] <= bestV) {
        bestU = Arrays.copyOf(r, nTheta);
      }
      concentrated(bestU);
      double[] c = Arrays.copyOf(bestU, nTheta + nStates);
      for (int j = 0; j < nStates; j++) {
        double unit = j < off || !multSeason ? scale : 1;
        c[nTheta + j] = lastStates[j] / unit;
      }
      return c;
    }

    /** A start for a multiplicative season: the additive-season fit with its indices as ratios. */
    double[] multiplicativeFromAdditive() {
      Spec add = new Spec(Error.ADDITIVE, spec.trend(), Season.ADDITIVE);
      Problem p = new Problem(y, m, add);
      double[] c = p.concentratedSearch();
      double[] th = p.theta(c);
      double[] x = p.states(c);
      double level = x[0] + (trend ? x[1] * (m / 2.0) : 0);
      if (!(level > 0)) {
        return null;
      }
      double[] xm = x.clone();
      double sum = 0;
      for (int j = 0; j < m; j++) {
        xm[off + j] = Math.max(1e-3, 1 + x[off + j] / level);
        sum += xm[off + j];
      }
      for (int j = 0; j < m; j++) {
        xm[off + j] *= m / sum;
      }
      return coordinates(th, xm);
    }

    /** Nelder-Mead over every coordinate, restarted from the best point until it stops improving. */
    double[] polish(double[] start) {
      int d = nTheta + nStates;
      double[] step = new double[d];
      for (int i = 0; i < d; i++) {
        if (i < nTheta) {
          step[i] = 0.5;
        } else if (i == nTheta) {
          step[i] = 0.05;
        } else if (trend && i == nTheta + 1) {
          step[i] = 0.005;
        } else {
          step[i] = multSeason ? 0.02 : 0.05;
        }
      }
      double[] x = start.clone();
      double v = full(x);
      for (int restart = 0; restart < 12; restart++) {
        double[] r = NelderMead.minimize(this::full, x, step, 400 * d, 1e-11);
        double nv = r[d];
        boolean better = nv < v - 1e-7 * (Math.abs(v) + 1);
        if (nv <= v) {
          x = Arrays.copyOf(r, d);
          v = nv;
        }
        if (!better && restart > 0) {
          break;
        }
        for (int i = 0; i < d; i++) {
          step[i] *= restart % 2 == 0 ? 0.5 : 2.0;
        }
      }
      return x;
    }

    EtsModel model(double[] c) {
      double[] th = theta(c);
      double[] x = states(c);
      double[] s0 = seasonal ? Arrays.copyOfRange(x, off, off + m) : new double[0];
      EtsCore.Trace tr = new EtsCore.Trace();
      EtsCore.run(y, m, spec, th[0], th[1], th[2], th[3], x[0], trend ? x[1] : 0, seasonal ? s0 : null, tr);
      int k = spec.parameterCount(m);
      double lik = tr.lik;
      double aic = lik + 2 * k;
      double aicc = aic + 2.0 * k * (k + 1) / (n - k - 1);
      double bic = lik + Math.log(n) * k;
      double sigma2 = tr.sse / Math.max(1, n - (k - 1));
      return new EtsModel(spec, m, th[0], th[1], th[2], th[3], x[0], trend ? x[1] : 0, s0, y, tr, -0.5 * lik,
          aic, aicc, bic, sigma2, k);
    }
  }

  static boolean positive(double[] y) {
    for (double v : y) {
      if (!(v > 0)) {
        return false;
      }
    }
    return y.length > 0;
  }

  private static boolean constant(double[] y) {
    for (double v : y) {
      if (v != y[0]) {
        return false;
      }
    }
    return true;
  }

  private static double scale(double[] y) {
    double s = 0;
    for (double v : y) {
      s += Math.abs(v);
    }
    s /= y.length;
    return s > 0 ? s : 1;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double logit(double p) {
    double q = Math.min(1 - 1e-9, Math.max(1e-9, p));
    return Math.log(q / (1 - q));
  }

  /**
   * Simulates future paths of a fitted model with Gaussian innovations of variance σ² (relative for
   * multiplicative errors), using forecast::ets's recursions.
   */
  static double[][] simulate(EtsModel model, int horizon, int paths, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double sigma = Math.sqrt(model.sigma2());
    int m = model.seasonLength();
    Spec spec = model.spec();
    boolean trend = spec.trend() != Trend.NONE;
    double ph = spec.trend() == Trend.DAMPED ? model.phi() : 1;
    boolean mult = spec.error() == Error.MULTIPLICATIVE;
    double alpha = model.alpha();
    double[][] out = new double[horizon][paths];
    for (int p = 0; p < paths; p++) {
      double l = model.level();
      double b = model.trend();
      double[] s = model.season();
      for (int h = 0; h < horizon; h++) {
        int j = spec.seasonal() ? (model.observations() + h) % m : 0;
        double phib = trend ? ph * b : 0;
        double q = l + phib;
        double sv = spec.seasonal() ? s[j] : 0;
        double f = switch (spec.season()) {
          case NONE -> q;
          case ADDITIVE -> q + sv;
          case MULTIPLICATIVE -> q * sv;
        };
        double e = sigma * rnd.nextGaussian();
        double yt = mult ? f * (1 + e) : f + e;
        out[h][p] = yt;
        double pp = switch (spec.season()) {
          case NONE -> yt;
          case ADDITIVE -> yt - sv;
          case MULTIPLICATIVE -> Math.abs(sv) < 1e-10 ? 1e10 : yt / sv;
        };
        double nl = q + alpha * (pp - q);
        if (trend) {
          b = phib + (model.beta() / alpha) * (nl - l - phib);
        }
        if (spec.seasonal()) {
          double tt = spec.season() == Season.ADDITIVE ? yt - q : (Math.abs(q) < 1e-10 ? 1e10 : yt / q);
          s[j] = sv + model.gamma() * (tt - sv);
        }
        l = nl;
      }
    }
    return out;
  }
}
