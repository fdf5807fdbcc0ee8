/**
 * A minimal local dashboard over the pfms API: {@link dev.pfms.examples.dashboard.DashboardServer}
 * serves a JSON API (upload a bank export, list categorized transactions, correct a category,
 * anomalies, forecast, summary) and one static page with inline SVG charts, using only the JDK's
 * {@code com.sun.net.httpserver} and Jackson. It holds one user's session in memory and binds to the
 * loopback interface by default. It is an example: it must not log transaction contents (counts and
 * ids only), fetch anything at run time, or reach into provider internals (SPIs and {@code Pfms} only).
 */
package dev.pfms.examples.dashboard;
