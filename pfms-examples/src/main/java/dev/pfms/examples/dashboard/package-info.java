/**
 * A local dashboard over the pfms API: {@link dev.pfms.examples.dashboard.DashboardServer} serves a
 * JSON API (consent, upload a bank export, filtered transactions, corrections, anomalies and their
 * dismissal, spending forecast, income vs expenses, recurring bills, cash-flow projection, CSV export)
 * and one static page with inline SVG charts, using only the JDK's {@code com.sun.net.httpserver} and
 * Jackson. It keeps one user's data in a {@link dev.pfms.api.store.Store} and processes nothing before
 * the user's consent is recorded in the consent ledger; it binds to the loopback interface by default.
 * It is an example: it must not log transaction contents (counts and ids only), fetch anything at run
 * time, or reach into provider internals (SPIs, {@code Pfms} and the store SPI only).
 */
package dev.pfms.examples.dashboard;
