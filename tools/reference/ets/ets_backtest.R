# R's forecast::ets on the same rolling origins as pfms's sample_data backtest.
#
# Reads the series that dev.pfms.examples.eval.ReferenceSeries exports to
# tools/reference/ets/backtest/ (index.csv lists set-up, series name, frequency, min_train, horizon,
# step and file), fits ets() with its defaults (model = "ZZZ", automatic selection by AICc) on every
# training window, forecasts h steps with 80% and 95% intervals, and writes
# tools/reference/ets/ets_backtest.json. ForecastBacktest replays these forecasts through the same
# scoring code as pfms's (censored at zero, as pfms's non-negative option does), so the default
# run needs no R.
#
# Run from the repository root (Debian: apt-get install -y r-cran-forecast):
#   Rscript tools/reference/ets/ets_backtest.R
suppressWarnings(suppressPackageStartupMessages({
  library(forecast)
  library(jsonlite)
}))

dir <- "tools/reference/ets/backtest"
index <- read.csv(file.path(dir, "index.csv"), stringsAsFactors = FALSE)
out <- list()
for (i in seq_len(nrow(index))) {
  r <- index[i, ]
  v <- read.csv(file.path(dir, r$file), stringsAsFactors = FALSE)$value
  n <- length(v)
  origins <- list()
  o <- r$min_train
  while (o < n) {
    h <- min(r$horizon, n - o)
    y <- ts(v[1:o], frequency = r$frequency)
    fit <- suppressWarnings(ets(y))
    fc <- forecast(fit, h = h, level = c(80, 95))
    origins[[length(origins) + 1]] <- list(
      origin = o, model = fit$method,
      mean = as.numeric(fc$mean),
      lower80 = as.numeric(fc$lower[, 1]), upper80 = as.numeric(fc$upper[, 1]),
      lower95 = as.numeric(fc$lower[, 2]), upper95 = as.numeric(fc$upper[, 2]))
    o <- o + r$step
  }
  cat(sprintf("%s %s: n=%d, %d origins\n", r$setup, r$name, n, length(origins)))
  out[[length(out) + 1]] <- list(setup = r$setup, name = r$name, frequency = r$frequency, origins = origins)
}
meta <- list(r_version = R.version.string, forecast_version = as.character(packageVersion("forecast")),
  written = format(Sys.Date()))
write_json(list(meta = meta, series = out), "tools/reference/ets/ets_backtest.json", auto_unbox = TRUE,
  digits = NA, pretty = FALSE)
