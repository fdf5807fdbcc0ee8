// pfms dashboard: vanilla JS, no dependencies. Everything is built with DOM APIs (textContent only,
// no HTML parsing of data), charts are inline SVG.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PAGE = 50;
const state = { currency: "GBP", categories: [], offset: 0, total: 0, busy: false };
const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const res = await fetch(path, options);
  const body = await res.json().catch(() => ({ error: "HTTP " + res.status }));
  if (!res.ok) {
    const where = body.line ? ` (line ${body.line}${body.field ? ", field " + body.field : ""})` : "";
    throw new Error((body.error || "HTTP " + res.status) + where);
  }
  return body;
}

function status(text, s) {
  const el = $("status");
  el.textContent = text;
  el.dataset.state = s;
}

function money(v, digits) {
  const d = digits === undefined ? 2 : digits;
  return new Intl.NumberFormat("en-GB", { style: "currency", currency: state.currency,
    minimumFractionDigits: d, maximumFractionDigits: d }).format(Number(v));
}

function el(tag, attrs, ...children) {
  const e = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v;
    else if (k === "cls") e.setAttribute("class", v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function monthLabel(iso) {
  const d = new Date(iso + "T00:00:00Z");
  return d.toLocaleDateString("en-GB", { month: "short", year: "2-digit", timeZone: "UTC" });
}

// ---------- loading data ----------

async function upload(file) {
  await busy(`Uploading and analyzing ${file.name}…`, () => api("/api/upload", {
    method: "POST", body: file, headers: { "Content-Type": "text/csv", "X-Filename": file.name } }));
}

async function loadSample() {
  await busy("Generating 12 months of sample data and analyzing it…", () => api("/api/sample", { method: "POST" }));
}

async function busy(message, action) {
  if (state.busy) return;
  state.busy = true;
  document.querySelectorAll("header button, #file").forEach((b) => (b.disabled = true));
  status(message, "loading");
  try {
    const s = await action();
    state.offset = 0;
    await refresh();
    status(`Loaded ${s.transactions} transactions from ${s.source}` +
      (s.problems ? `, ${s.problems} rows rejected` : "") +
      (s.duplicatesSkipped ? `, ${s.duplicatesSkipped} duplicates skipped` : "") + ".", "ready");
  } catch (e) {
    status("Could not load: " + e.message, "error");
  } finally {
    state.busy = false;
    document.querySelectorAll("header button, #file").forEach((b) => (b.disabled = false));
    $("file").value = "";
  }
}

async function refresh() {
  const summary = await api("/api/summary");
  if (!summary.loaded) return;
  state.currency = summary.currency || "GBP";
  const [forecast, anomalies] = await Promise.all([api("/api/forecast"), api("/api/anomalies?limit=8")]);
  renderTiles(summary, forecast);
  renderCategories(summary.spendingByCategory);
  renderTrend(forecast);
  renderAnomalies(anomalies);
  await loadTransactions();
}

async function loadTransactions() {
  const p = new URLSearchParams({ offset: state.offset, limit: PAGE, q: $("q").value,
    review: $("review").checked, flagged: $("flagged").checked });
  const page = await api("/api/transactions?" + p);
  state.total = page.total;
  renderTransactions(page);
}

// ---------- tiles ----------

function renderTiles(s, f) {
  const months = f.history.length;
  const avg = months ? f.history.reduce((a, p) => a + Number(p.amount), 0) / months : 0;
  const next = f.forecast.length ? f.forecast[0] : null;
  const tiles = [
    ["Transactions", s.transactions.toLocaleString("en-GB"), `${s.accounts.length} account(s), ${s.format}`],
    ["Period", `${s.from.slice(0, 7)} → ${s.to.slice(0, 7)}`, `${months} months in the trend`],
    ["Avg monthly spend", money(avg, 0), "money out, all categories"],
    ["Next month", next ? money(next.mean, 0) : "–", next ? `${money(next.lower, 0)} – ${money(next.upper, 0)}` : "not enough history"],
    ["Flagged", String(s.flagged), `${s.needsReview} need category review`],
    ["Models", s.categorizer, `${s.detector} · ${s.forecaster}`],
  ];
  $("tiles").replaceChildren(...tiles.map(([k, v, sub]) =>
    el("div", { cls: "tile", "data-tile": k }, el("div", { cls: "k", text: k }), el("div", { cls: "v", text: v, title: v }),
      el("div", { cls: "s", text: sub, title: sub }))));
}

// ---------- charts ----------

function renderCategories(rows) {
  const svg = $("chart-categories");
  const top = rows.slice(0, 12);
  const W = 560, left = 178, right = 80, rowH = 24;
  const H = Math.max(60, top.length * rowH + 8);
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const max = Math.max(1, ...top.map((r) => Number(r.amount)));
  const g = top.map((r, i) => {
    const w = ((W - left - right) * Number(r.amount)) / max;
    const y = 4 + i * rowH;
    return el("svg:g", { "data-primary": r.primary, "data-amount": r.amount },
      el("svg:title", { text: `${r.label}: ${money(r.amount)} in ${r.count} transactions` }),
      el("svg:text", { x: left - 8, y: y + 15, "text-anchor": "end", text: r.label.length > 28 ? r.label.slice(0, 27) + "…" : r.label }),
      el("svg:rect", { cls: "bar" + (i === 0 ? " hot" : ""), x: left, y: y + 3, width: Math.max(1, w).toFixed(1), height: rowH - 8, rx: 3 }),
      el("svg:text", { x: left + w + 6, y: y + 15, text: money(r.amount, 0) }));
  });
  svg.replaceChildren(...g);
}

function renderTrend(f) {
  const svg = $("chart-trend");
  const hist = f.history.slice(-24);
  const fc = f.forecast;
  $("band-level").textContent = Math.round(f.level * 100) + "%";
  $("trend-note").textContent = f.model ? `(${f.model})` : "";
  const W = 640, H = 260, L = 64, R = 16, T = 12, B = 28;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const n = hist.length + fc.length;
  if (hist.length < 2) {
    svg.replaceChildren(el("svg:text", { x: 20, y: 40, text: "Not enough full months to draw a trend." }));
    return;
  }
  const vals = hist.map((p) => Number(p.amount)).concat(fc.flatMap((p) => [Number(p.upper), Number(p.lower)]));
  const maxV = Math.max(...vals) * 1.08;
  const minV = Math.min(0, ...vals);
  const x = (i) => L + ((W - L - R) * i) / Math.max(1, n - 1);
  const y = (v) => T + ((H - T - B) * (maxV - v)) / (maxV - minV);
  const parts = [];
  const grid = el("svg:g", { cls: "grid axis" });
  for (let k = 0; k <= 4; k++) {
    const v = minV + ((maxV - minV) * k) / 4;
    grid.append(el("svg:line", { x1: L, x2: W - R, y1: y(v), y2: y(v) }),
      el("svg:text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", text: money(v, 0) }));
  }
  const months = hist.map((p) => p.month).concat(fc.map((p) => p.month));
  const step = Math.ceil(n / 9);
  months.forEach((m, i) => {
    if (i % step === 0 || (i === n - 1 && i % step >= step / 2)) grid.append(el("svg:text", { x: x(i), y: H - 8, "text-anchor": "middle", text: monthLabel(m) }));
  });
  parts.push(grid);
  if (fc.length) {
    const last = hist.length - 1;
    const lastV = Number(hist[last].amount);
    const upper = [[x(last), y(lastV)]].concat(fc.map((p, i) => [x(last + 1 + i), y(Number(p.upper))]));
    const lower = fc.map((p, i) => [x(last + 1 + i), y(Number(p.lower))]).reverse();
    parts.push(el("svg:polygon", { id: "forecast-band", points: upper.concat(lower).map((p) => p.join(",")).join(" "),
      cls: "band" }));
    const mean = [[x(last), y(lastV)]].concat(fc.map((p, i) => [x(last + 1 + i), y(Number(p.mean))]));
    parts.push(el("svg:polyline", { id: "forecast-mean", points: mean.map((p) => p.join(",")).join(" "), cls: "mean" }));
  }
  parts.push(el("svg:polyline", { id: "history-line", points: hist.map((p, i) => `${x(i)},${y(Number(p.amount))}`).join(" "),
    cls: "hist" }));
  hist.forEach((p, i) => parts.push(el("svg:circle", { cx: x(i), cy: y(Number(p.amount)), r: 2.5, cls: "dot hist" },
    el("svg:title", { text: `${monthLabel(p.month)}: ${money(p.amount, 0)}` }))));
  fc.forEach((p, i) => parts.push(el("svg:circle", { cx: x(hist.length + i), cy: y(Number(p.mean)), r: 3, cls: "dot mean" },
    el("svg:title", { text: `${monthLabel(p.month)} forecast: ${money(p.mean, 0)} (${money(p.lower, 0)} – ${money(p.upper, 0)})` }))));
  svg.replaceChildren(...parts);
}

// ---------- tables ----------

function amountCell(t) {
  return el("td", { cls: "num " + (Number(t.amount) < 0 ? "neg" : "pos"), text: money(t.amount) });
}

function renderAnomalies(rows) {
  const body = $("anomalies").tBodies[0];
  if (!rows.length) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 6, cls: "empty", text: "Nothing unusual." })));
    return;
  }
  body.replaceChildren(...rows.map((t) => el("tr", { "data-id": t.id },
    el("td", { cls: "date", text: t.date }), el("td", { cls: "desc", text: t.description, title: t.description }), amountCell(t),
    el("td", { text: t.categoryLabel }), el("td", { cls: "why", text: t.reasons.join("; ") }),
    el("td", { cls: "num", text: t.anomalyScore.toFixed(2) }))));
}

function categorySelect(t) {
  const s = el("select", { "aria-label": "category", "data-id": t.id });
  if (!state.categories.some((c) => c.code === t.category)) {
    s.append(el("option", { value: t.category, disabled: "", text: t.categoryLabel + " – choose…" }));
  }
  let group = null;
  for (const c of state.categories) {
    if (c.code === c.primary) {
      group = el("optgroup", { label: c.label });
      s.append(group);
    }
    group.append(el("option", { value: c.code, text: c.label }));
  }
  s.value = t.category;
  s.addEventListener("change", () => correct(t, s.value));
  return s;
}

function renderTransactions(page) {
  const body = $("transactions").tBodies[0];
  const from = page.total ? page.offset + 1 : 0;
  $("page-info").textContent = `${from}–${page.offset + page.items.length} of ${page.total}`;
  $("prev").disabled = page.offset === 0;
  $("next").disabled = page.offset + page.items.length >= page.total;
  if (!page.items.length) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 6, cls: "empty", text: "No transactions match." })));
    return;
  }
  body.replaceChildren(...page.items.map((t) => {
    const bar = el("i");
    bar.style.width = Math.round(t.confidence * 100) + "%";
    const why = (t.explanation && t.explanation.length ? t.explanation[0] + " · " : "") + "model: " + t.model;
    return el("tr", { "data-id": t.id, "data-category": t.category, cls: (t.corrected ? "corrected " : "") + (t.needsReview ? "review" : "") },
      el("td", { cls: "date", text: t.date }), el("td", { text: t.account }),
      el("td", { cls: "desc", text: t.description, title: t.description }), amountCell(t),
      el("td", {}, categorySelect(t)),
      el("td", { title: why }, el("span", { cls: "conf" + (t.needsReview ? " low" : "") }, bar),
        t.corrected ? "you" : Math.round(t.confidence * 100) + "%"));
  }));
}

async function correct(t, code) {
  const label = (state.categories.find((c) => c.code === code) || { label: code }).label;
  status(`Teaching the categorizer: “${t.description.slice(0, 40)}” is ${label}…`, "loading");
  try {
    const r = await api(`/api/transactions/${encodeURIComponent(t.id)}/category`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ category: code }) });
    await refresh();
    const el2 = $("status");
    el2.dataset.corrections = String((Number(el2.dataset.corrections) || 0) + 1);
    status(`Corrected to “${r.transaction.categoryLabel}”; ${r.changed} transaction(s) changed category.`, "ready");
  } catch (e) {
    status("Correction failed: " + e.message, "error");
  }
}

// ---------- wiring ----------

document.addEventListener("DOMContentLoaded", async () => {
  $("file").addEventListener("change", (e) => { if (e.target.files.length) upload(e.target.files[0]); });
  $("sample").addEventListener("click", loadSample);
  let timer = null;
  $("q").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { state.offset = 0; loadTransactions(); }, 250); });
  $("review").addEventListener("change", () => { state.offset = 0; loadTransactions(); });
  $("flagged").addEventListener("change", () => { state.offset = 0; loadTransactions(); });
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadTransactions(); });
  $("next").addEventListener("click", () => { state.offset += PAGE; loadTransactions(); });
  try {
    state.categories = await api("/api/categories");
    await refresh();
    if ($("status").dataset.state === "empty" && $("tiles").children.length) status("Showing the data loaded earlier.", "ready");
  } catch (e) {
    status("Cannot reach the pfms server: " + e.message, "error");
  }
  document.body.dataset.ready = "true";
});
