package dev.pfms.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pfms's ETS against R's forecast::ets on the committed reference fits
 * ({@code tools/reference/ets/ets_reference.R}): six R data sets and four sample_data spending
 * series, every admissible model form forced, and the automatic choice.
 */
class EtsReferenceTest {

  private static List<EtsReference.Series> reference;
  private static final List<Object[]> fits = new ArrayList<>();

  @BeforeAll
  static void fitEverything() {
    reference = EtsReference.load();
    for (EtsReference.Series s : reference) {
      for (EtsReference.Fit f : s.fits()) {
        fits.add(new Object[] {s, f, Ets.fit(s.values(), s.frequency(), Ets.Spec.parse(f.model()))});
      }
    }
  }

  @Test
  void everyFormForecastFitsIsFittedAndCountsTheSameParameters() {
    assertThat(fits).hasSizeGreaterThanOrEqualTo(100);
    for (Object[] o : fits) {
      EtsReference.Fit f = (EtsReference.Fit) o[1];
      EtsModel m = (EtsModel) o[2];
      assertThat(m).as(f.model()).isNotNull();
      assertThat(m.parameterCount()).as(f.model()).isEqualTo(f.npar());
    }
  }

  @Test
  void aiccIsForecastsFormulaOnItsOwnLikelihood() {
    // checks our reading of forecast's npars rule on R's own numbers: k = npar, AICc from loglik
    for (Object[] o : fits) {
      EtsReference.Series s = (EtsReference.Series) o[0];
      EtsReference.Fit f = (EtsReference.Fit) o[1];
      int n = s.values().length;
      int k = f.npar();
      double aicc = -2 * f.loglik() + 2 * k + 2.0 * k * (k + 1) / (n - k - 1);
      assertThat(aicc).as(s.name() + " " + f.model()).isCloseTo(f.aicc(), offset(1e-6 * Math.abs(f.aicc())));
      EtsModel m = (EtsModel) o[2];
      double mine = -2 * m.loglik() + 2 * k + 2.0 * k * (k + 1) / (n - k - 1);
      assertThat(m.aicc()).isCloseTo(mine, offset(1e-9 * Math.abs(mine)));
    }
  }

  @Test
  void likelihoodIsWithinOnePercentOfForecastsOnEveryFit() {
    int within = 0;
    int higher = 0;
    StringBuilder misses = new StringBuilder();
    for (Object[] o : fits) {
      EtsReference.Series s = (EtsReference.Series) o[0];
      EtsReference.Fit f = (EtsReference.Fit) o[1];
      EtsModel m = (EtsModel) o[2];
      double rel = (m.loglik() - f.loglik()) / Math.abs(f.loglik());
      if (rel >= -0.01) {
        within++;
      } else {
        misses.append(String.format(Locale.ROOT, "%s %s R %.3f pfms %.3f; ", s.name(), f.model(), f.loglik(),
            m.loglik()));
      }
      if (m.loglik() > f.loglik() + 1e-3) {
        higher++;
      }
    }
    System.out.printf(Locale.ROOT, "ETS vs forecast::ets: %d of %d fits within 1%% of R's log-likelihood, %d higher%n",
        within, fits.size(), higher);
    assertThat(misses.toString()).isEmpty();
    assertThat(within).isEqualTo(fits.size());
  }

  @Test
  void automaticChoiceIsForecastsOrOneWithALowerAiccByItsOwnCount() {
    int same = 0;
    for (EtsReference.Series s : reference) {
      EtsModel chosen = Ets.select(s.values(), s.frequency());
      EtsModel theirs = Ets.fit(s.values(), s.frequency(), Ets.Spec.parse(s.auto().model()));
      if (chosen.spec().label().equals(s.auto().model())) {
        same++;
      }
      // pfms never chooses worse than R's choice as pfms fits it, nor than R's own AICc
      assertThat(chosen.aicc()).as(s.name()).isLessThanOrEqualTo(theirs.aicc() + 1e-9);
      assertThat(chosen.aicc()).as(s.name()).isLessThanOrEqualTo(s.auto().aicc() + 1e-6 * Math.abs(s.auto().aicc()));
    }
    System.out.printf(Locale.ROOT, "ETS automatic choice: same form as forecast::ets on %d of %d series%n", same,
        reference.size());
    assertThat(same).isGreaterThanOrEqualTo(reference.size() / 2);
  }

  @Test
  void atTheSameOptimumForecastsAndClassOneIntervalsMatchForecasts() {
    // Where both reach the same optimum (log-likelihoods within 0.1, far below sampling noise), the
    // point forecasts must lie within 0.3 of R's 80% half-width at every step, and the analytic
    // (class 1, additive error) 80% half-widths within 1% of R's.
    int compared = 0;
    for (Object[] o : fits) {
      EtsReference.Series s = (EtsReference.Series) o[0];
      EtsReference.Fit f = (EtsReference.Fit) o[1];
      EtsModel m = (EtsModel) o[2];
      if (Math.abs(m.loglik() - f.loglik()) > 0.1) {
        continue;
      }
      compared++;
      double[] pf = m.forecast(s.h());
      double[][] iv = m.intervals(s.h(), 0.8);
      for (int h = 0; h < s.h(); h++) {
        double hw = (f.upper80()[h] - f.lower80()[h]) / 2;
        assertThat(Math.abs(pf[h] - f.mean()[h])).as(s.name() + " " + f.model() + " h=" + (h + 1))
            .isLessThanOrEqualTo(0.3 * hw);
        if (m.spec().error() == Ets.Error.ADDITIVE) {
          assertThat((iv[h][1] - iv[h][0]) / 2).as(s.name() + " " + f.model() + " width h=" + (h + 1))
              .isCloseTo(hw, offset(0.01 * hw));
        }
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(20);
  }

  @Test
  void oneStepForecastsLieInsideForecastsNinetyFivePercentInterval() {
    for (Object[] o : fits) {
      EtsReference.Series s = (EtsReference.Series) o[0];
      EtsReference.Fit f = (EtsReference.Fit) o[1];
      EtsModel m = (EtsModel) o[2];
      assertThat(m.forecast(1)[0]).as(s.name() + " " + f.model()).isBetween(f.lower95()[0], f.upper95()[0]);
    }
  }

  @Test
  void initialSeasonalStatesAreEstimatedAndNormalised() {
    for (Object[] o : fits) {
      EtsModel m = (EtsModel) o[2];
      if (!m.spec().seasonal()) {
        continue;
      }
      double[] s0 = m.initialSeason();
      double sum = 0;
      for (double v : s0) {
        sum += v;
      }
      double target = m.spec().season() == Ets.Season.MULTIPLICATIVE ? s0.length : 0;
      assertThat(sum).isCloseTo(target, offset(1e-6 * Math.max(1, Math.abs(m.initialLevel()))));
      assertThat(m.initialStates()).hasSize((m.spec().trend() == Ets.Trend.NONE ? 1 : 2) + s0.length);
    }
  }
}
