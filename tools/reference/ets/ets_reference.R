# Reference fits of forecast::ets for pfms's ETS tests and evaluation.
#
# Fits R's exponential smoothing (Hyndman et al. 2008, package forecast) on R's own data sets and on
# spending series derived from pfms's sample_data (exported by
# dev.pfms.examples.eval.ReferenceSeries into tools/reference/ets/series/), once with automatic
# selection (model = "ZZZ", the defaults: restrict = TRUE, bounds = "both", ic = "aicc", no
# multiplicative trend) and once per admissible model form, and writes one JSON file that the Java
# tests read, so the default test run needs no R.
#
# Run from the repository root (Debian: apt-get install -y r-cran-forecast):
#   Rscript tools/reference/ets/ets_reference.R
# Output: pfms-core/src/test/resources/dev/pfms/core/forecast/ets_reference.json (also read by
# pfms-examples' ForecastBacktest, which replays the same backtest origins with pfms).
suppressWarnings(suppressPackageStartupMessages({
  library(forecast)
  library(jsonlite)
}))

out_file <- "pfms-core/src/test/resources/dev/pfms/core/forecast/ets_reference.json"
series_dir <- "tools/reference/ets/series"

read_series <- function(name, frequency) {
  d <- read.csv(file.path(series_dir, paste0(name, ".csv")), stringsAsFactors = FALSE)
  ts(d$value, frequency = frequency)
}

series <- list(
  list(name = "AirPassengers", y = AirPassengers, h = 24),
  list(name = "USAccDeaths", y = USAccDeaths, h = 24),
  list(name = "ldeaths", y = ldeaths, h = 24),
  list(name = "nottem", y = nottem, h = 24),
  list(name = "WWWusage", y = WWWusage, h = 10),
  list(name = "Nile", y = Nile, h = 10),
  list(name = "sample_monthly_food", y = read_series("sample_monthly_food", 12), h = 12),
  list(name = "sample_weekly_food", y = read_series("sample_weekly_food", 52), h = 8),
  list(name = "sample_weekly_transport", y = read_series("sample_weekly_transport", 52), h = 8),
  list(name = "sample_daily_spending", y = read_series("sample_daily_spending", 7), h = 14)
)

# The forms forecast::ets considers by default (restrict = TRUE, allow.multiplicative.trend = FALSE).
forms <- list(
  c("A", "N", "N", FALSE), c("A", "A", "N", FALSE), c("A", "A", "N", TRUE),
  c("A", "N", "A", FALSE), c("A", "A", "A", FALSE), c("A", "A", "A", TRUE),
  c("M", "N", "N", FALSE), c("M", "A", "N", FALSE), c("M", "A", "N", TRUE),
  c("M", "N", "A", FALSE), c("M", "A", "A", FALSE), c("M", "A", "A", TRUE),
  c("M", "N", "M", FALSE), c("M", "A", "M", FALSE), c("M", "A", "M", TRUE)
)

label <- function(e, t, s, d) paste0("ETS(", e, ",", t, if (d) "d" else "", ",", s, ")")

describe <- function(fit, y, h) {
  fc <- forecast(fit, h = h, level = c(80, 95))
  par <- fit$par
  get <- function(k) if (is.na(par[k])) NULL else unname(par[k])
  list(
    model = fit$method,
    loglik = fit$loglik, aic = fit$aic, aicc = fit$aicc, bic = fit$bic, sigma2 = fit$sigma2,
    npar = length(fit$par) + 1,
    alpha = get("alpha"), beta = get("beta"), gamma = get("gamma"), phi = get("phi"),
    initstate = unname(fit$initstate),
    mean = as.numeric(fc$mean),
    lower80 = as.numeric(fc$lower[, 1]), upper80 = as.numeric(fc$upper[, 1]),
    lower95 = as.numeric(fc$lower[, 2]), upper95 = as.numeric(fc$upper[, 2])
  )
}

result <- list()
for (s in series) {
  y <- s$y
  m <- frequency(y)
  n <- length(y)
  positive <- min(y) > 0
  cat(sprintf("%s: n=%d m=%d positive=%s\n", s$name, n, m, positive))
  entry <- list(name = s$name, frequency = m, h = s$h, values = as.numeric(y))
  auto <- ets(y)
  entry$auto <- describe(auto, y, s$h)
  cat(sprintf("  auto: %s loglik=%.3f aicc=%.3f\n", auto$method, auto$loglik, auto$aicc))
  fits <- list()
  for (f in forms) {
    e <- f[1]; t <- f[2]; se <- f[3]; d <- as.logical(f[4])
    if (se != "N" && (m == 1 || m > 24 || n <= m)) next
    if (e == "M" && !positive) next
    # forecast::ets falls back to a non-optimised Holt-Winters fit for n <= npars + 4: not an ML fit
    npars <- 2 + if (t != "N") 2 else 0
    npars <- npars + if (se != "N") m else 0
    npars <- npars + if (d) 1 else 0
    if (n <= npars + 4) next
    fit <- tryCatch(ets(y, model = paste0(e, t, se), damped = d), error = function(err) NULL)
    if (is.null(fit) || !is.finite(fit$aicc)) next
    one <- describe(fit, y, s$h)
    fits[[length(fits) + 1]] <- one
    cat(sprintf("  %-12s loglik=%10.3f aicc=%10.3f\n", one$model, one$loglik, one$aicc))
  }
  entry$fits <- fits
  # Rolling-origin backtest of the automatic choice: the last K non-overlapping windows of hb points
  hb <- if (m == 12) 3 else if (m == 52) 4 else if (m == 7) 7 else 5
  min_train <- if (m <= 24 && m > 1) m + 6 else if (m == 52) 52 else 30
  K <- min(8, floor((n - min_train) / hb))
  bt <- list()
  if (K >= 1) {
    for (k in K:1) {
      origin <- n - k * hb
      train <- ts(as.numeric(y)[1:origin], frequency = m)
      fit <- ets(train)
      fc <- forecast(fit, h = hb, level = c(80, 95))
      bt[[length(bt) + 1]] <- list(origin = origin, model = fit$method, mean = as.numeric(fc$mean),
        lower80 = as.numeric(fc$lower[, 1]), upper80 = as.numeric(fc$upper[, 1]),
        lower95 = as.numeric(fc$lower[, 2]), upper95 = as.numeric(fc$upper[, 2]))
    }
  }
  entry$backtest <- list(h = hb, origins = bt)
  result[[length(result) + 1]] <- entry
}

meta <- list(
  generator = "tools/reference/ets/ets_reference.R",
  r_version = R.version.string,
  forecast_version = as.character(packageVersion("forecast")),
  note = paste("loglik is forecast::ets's: -0.5 * (n*log(SSE) [+ 2*sum(log|yhat|)] for multiplicative errors),",
    "without the Gaussian constants; aicc counts alpha, beta, gamma, phi, the initial level, trend and m-1 seasonal",
    "states, and sigma")
)
dir.create(dirname(out_file), recursive = TRUE, showWarnings = FALSE)
writeLines(toJSON(list(meta = meta, series = result), auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE),
  out_file)
cat("wrote", out_file, "\n")
