// pfms dashboard: vanilla JS, no dependencies. Everything is built with DOM APIs (textContent only,
// no HTML parsing of data), charts are inline SVG.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PAGE = 50;
const state = { currency: "GBP", categories: [], offset: 0, total: 0, busy: false, consented: false };
const $ = (id) => document.getElementById(id);

class ConsentNeeded extends Error {}

async function api(path, options) {
  const res = await fetch(path, options);
  const body = await res.json().catch(() => ({ error: "HTTP " + res.status }));
  if (res.status === 403 && body.consentRequired) {
    showConsent(body.reason);
    throw new ConsentNeeded(body.error);
  }
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
  const d = new Date(iso.slice(0, 7) + "-01T00:00:00Z");
  return d.toLocaleDateString("en-GB", { month: "short", year: "2-digit", timeZone: "UTC" });
}

// ---------- consent ----------

function showConsent(reason) {
  state.consented = false;
  $("consent").hidden = false;
  $("main").hidden = true;
  $("receipt").hidden = true;
  $("revoke").disabled = true;
  $("consent-reason").textContent = reason ? "Why you see this: " + reason : "";
  status("pfms needs your consent before it processes any of your data.", "consent");
}

async function checkConsent() {
  const c = await api("/api/consent");
  $("consent-purposes").replaceChildren(...c.purposes.map((p) => el("li", { "data-purpose": p.purpose, text: p.description })));
  $("consent-ledger").textContent = c.ledger;
  if (!c.granted) {
    showConsent(c.reason);
    return false;
  }
  consented();
  return true;
}

function consented() {
  state.consented = true;
  $("consent").hidden = true;
  $("main").hidden = false;
  $("revoke").disabled = false;
}

async function giveConsent() {
  $("consent-yes").disabled = true;
  try {
    const c = await api("/api/consent", { method: "POST" });
    consented();
    $("receipt").hidden = false;
    $("receipt-note").textContent = `${c.entries} entries in the ledger; receipt saved as ${c.receiptPath}`;
    $("receipt-json").textContent = JSON.stringify(c.receipt, null, 2);
    status("Consent recorded. Upload a bank export or load the sample.", "empty");
    await refresh();
    if ($("tiles").children.length) status("Consent recorded; showing the data in your store.", "ready");
  } catch (e) {
    if (!(e instanceof ConsentNeeded)) status("Could not record consent: " + e.message, "error");
  } finally {
    $("consent-yes").disabled = false;
  }
}

async function revokeConsent() {
  try {
    await api("/api/consent/revoke", { method: "POST" });
  } catch (e) {
    if (e instanceof ConsentNeeded) return;
    status("Could not revoke: " + e.message, "error");
    return;
  }
  ["tiles"].forEach((id) => $(id).replaceChildren());
  ["anomalies", "transactions", "bills"].forEach((id) => $(id).tBodies[0].replaceChildren());
  ["chart-categories", "chart-trend", "chart-income", "chart-cash"].forEach((id) => $(id).replaceChildren());
  showConsent(null);
  status("Consent revoked: pfms stopped processing your data (your store file is kept).", "consent");
}

// ---------- filters ----------

function filterParams() {
  const p = new URLSearchParams();
  if ($("f-from").value) p.set("from", $("f-from").value);
  if ($("f-to").value) p.set("to", $("f-to").value);
  if ($("f-account").value) p.set("account", $("f-account").value);
  if ($("f-category").value) p.set("category", $("f-category").value);
  return p;
}

function withFilters(path, extra) {
  const p = filterParams();
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  const q = p.toString();
  return q ? path + "?" + q : path;
}

function fillAccounts(accounts) {
  const sel = $("f-account");
  const keep = sel.value;
  sel.replaceChildren(el("option", { value: "", text: "All accounts" }), ...accounts.map((a) => el("option", { value: a, text: a })));
  sel.value = accounts.includes(keep) ? keep : "";
}

function fillCategories() {
  const sel = $("f-category");
  sel.replaceChildren(el("option", { value: "", text: "All categories" }),
    ...state.categories.filter((c) => c.code === c.primary).map((c) => el("option", { value: c.code, text: c.label })));
}

function updateExportLink() {
  $("export").setAttribute("href", withFilters("/api/export.csv", searchParams()));
}

function searchParams() {
  const x = {};
  if ($("q").value) x.q = $("q").value;
  if ($("review").checked) x.review = "true";
  if ($("flagged").checked) x.flagged = "true";
  return x;
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
    const imp = s.imported;
    const read = imp ? imp.added + imp.skipped : s.transactions;
    status(`Loaded ${read} transactions from ${s.source}` +
      (imp ? ` (${imp.added} new, ${imp.skipped} already stored; ${s.transactions} in the store)` : "") +
      (s.problems ? `, ${s.problems} rows rejected` : "") +
      (s.duplicatesSkipped ? `, ${s.duplicatesSkipped} duplicates skipped` : "") + ".", "ready");
  } catch (e) {
    if (!(e instanceof ConsentNeeded)) status("Could not load: " + e.message, "error");
  } finally {
    state.busy = false;
    document.querySelectorAll("header button, #file").forEach((b) => (b.disabled = false));
    $("revoke").disabled = !state.consented;
    $("file").value = "";
  }
}

async function refresh() {
  const summary = await api(withFilters("/api/summary"));
  if (!summary.loaded) return;
  state.currency = summary.currency || "GBP";
  fillAccounts(summary.allAccounts || summary.accounts);
  $("store").textContent = summary.store || "";
  $("models").textContent = `Models: ${summary.categorizer} · ${summary.detector} · ${summary.forecaster}.`;
  const [forecast, anomalies, income, bills, cash] = await Promise.all([api(withFilters("/api/forecast")),
    api(withFilters("/api/anomalies", { limit: 8 })), api(withFilters("/api/income")), api(withFilters("/api/recurring")),
    api(withFilters("/api/cashflow"))]);
  renderTiles(summary, forecast);
  renderCategories(summary.spendingByCategory);
  renderTrend(forecast);
  renderIncome(income);
  renderCash(cash);
  renderBills(bills);
  renderAnomalies(anomalies);
  await loadTransactions();
  document.body.dataset.refreshed = String((Number(document.body.dataset.refreshed) || 0) + 1);
}

async function loadTransactions() {
  const p = filterParams();
  p.set("offset", state.offset);
  p.set("limit", PAGE);
  for (const [k, v] of Object.entries(searchParams())) p.set(k, v);
  const page = await api("/api/transactions?" + p);
  state.total = page.total;
  renderTransactions(page);
  updateExportLink();
}

// ---------- tiles ----------

function renderTiles(s, f) {
  const months = f.history.length;
  const avg = months ? f.history.reduce((a, p) => a + Number(p.amount), 0) / months : 0;
  const next = f.forecast.length ? f.forecast[0] : null;
  const tiles = [
    ["Transactions", s.transactions.toLocaleString("en-GB"), `${s.accounts.length} account(s), ${s.transfers} transfers` +
      (s.otherCurrency ? `, ${s.otherCurrency} not in ${s.currency} (not summed)` : "")],
    ["Period", s.from ? `${s.from.slice(0, 7)} → ${s.to.slice(0, 7)}` : "–", `${months} full months in the trend`],
    ["Income", money(s.income, 0), "money in, transfers excluded"],
    ["Spending", money(s.spending, 0), `avg ${money(avg, 0)} a month`],
    ["Next month", next ? money(next.mean, 0) : "–", next ? `${money(next.lower, 0)} – ${money(next.upper, 0)}` : "not enough history"],
    ["Flagged", String(s.flagged), `${s.dismissed} dismissed · ${s.needsReview} need review`],
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
  if (!top.length) {
    svg.replaceChildren(el("svg:text", { x: 20, y: 30, text: "No spending in this selection." }));
    return;
  }
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

function axis(W, H, L, R, T, B, minV, maxV, y) {
  const grid = el("svg:g", { cls: "grid axis" });
  for (let k = 0; k <= 4; k++) {
    const v = minV + ((maxV - minV) * k) / 4;
    grid.append(el("svg:line", { x1: L, x2: W - R, y1: y(v), y2: y(v) }),
      el("svg:text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", text: money(v, 0) }));
  }
  return grid;
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
  const maxV = Math.max(1, ...vals) * 1.08;
  const minV = Math.min(0, ...vals);
  const x = (i) => L + ((W - L - R) * i) / Math.max(1, n - 1);
  const y = (v) => T + ((H - T - B) * (maxV - v)) / (maxV - minV);
  const parts = [];
  const grid = axis(W, H, L, R, T, B, minV, maxV, y);
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

function renderIncome(v) {
  const svg = $("chart-income");
  const months = v.months.slice(-18);
  $("income-note").textContent = v.transfersExcluded ? `(${v.transfersExcluded} transfers left out)` : "";
  const W = 560, H = 240, L = 64, R = 10, T = 12, B = 28;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  if (!months.length) {
    svg.replaceChildren(el("svg:text", { x: 20, y: 40, text: "No income or expenses in this selection." }));
    return;
  }
  const maxV = Math.max(1, ...months.flatMap((m) => [Number(m.income), Number(m.expenses)])) * 1.08;
  const y = (val) => T + ((H - T - B) * (maxV - val)) / maxV;
  const slot = (W - L - R) / months.length;
  const bw = Math.max(2, Math.min(14, slot / 2 - 2));
  const parts = [axis(W, H, L, R, T, B, 0, maxV, y)];
  const step = Math.ceil(months.length / 9);
  months.forEach((m, i) => {
    const cx = L + slot * i + slot / 2;
    parts.push(el("svg:g", { cls: "month", "data-month": m.month, "data-income": m.income, "data-expenses": m.expenses },
      el("svg:title", { text: `${monthLabel(m.month)}: in ${money(m.income, 0)}, out ${money(m.expenses, 0)}, net ${money(m.net, 0)}` }),
      el("svg:rect", { cls: "inc", x: cx - bw - 1, y: y(Number(m.income)), width: bw, height: Math.max(0, y(0) - y(Number(m.income))) }),
      el("svg:rect", { cls: "exp", x: cx + 1, y: y(Number(m.expenses)), width: bw, height: Math.max(0, y(0) - y(Number(m.expenses))) })));
    if (i % step === 0) parts.push(el("svg:text", { cls: "axis", x: cx, y: H - 8, "text-anchor": "middle", text: monthLabel(m.month) }));
  });
  svg.replaceChildren(...parts);
}

function renderCash(c) {
  const svg = $("chart-cash");
  const W = 640, H = 240, L = 70, R = 16, T = 12, B = 28;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const low = $("cash-low");
  if (!c.path || !c.path.length) {
    $("cash-note").textContent = "";
    svg.replaceChildren(el("svg:text", { x: 20, y: 40, text: c.note || "No projection." }));
    low.textContent = "";
    low.dataset.low = "";
    return;
  }
  $("cash-note").textContent = `(${c.account}, next ${c.path.length} days, ${Math.round(c.level * 100)}% band, ${c.model})`;
  const vals = c.path.flatMap((p) => [Number(p.lower), Number(p.upper)]).concat([Number(c.threshold)]);
  const maxV = Math.max(...vals), minV = Math.min(...vals);
  const pad = (maxV - minV) * 0.06 || 1;
  const top = maxV + pad, bottom = minV - pad;
  const x = (i) => L + ((W - L - R) * i) / Math.max(1, c.path.length - 1);
  const y = (v) => T + ((H - T - B) * (top - v)) / (top - bottom);
  const parts = [axis(W, H, L, R, T, B, bottom, top, y)];
  const upper = c.path.map((p, i) => [x(i), y(Number(p.upper))]);
  const lower = c.path.map((p, i) => [x(i), y(Number(p.lower))]).reverse();
  parts.push(el("svg:polygon", { cls: "band", points: upper.concat(lower).map((p) => p.join(",")).join(" ") }));
  parts.push(el("svg:line", { cls: "threshold", x1: L, x2: W - R, y1: y(Number(c.threshold)), y2: y(Number(c.threshold)) }));
  parts.push(el("svg:polyline", { id: "cash-line", cls: "hist", points: c.path.map((p, i) => `${x(i)},${y(Number(p.expected))}`).join(" ") }));
  const step = Math.ceil(c.path.length / 6);
  c.path.forEach((p, i) => {
    if (i % step === 0) parts.push(el("svg:text", { cls: "axis", x: x(i), y: H - 8, "text-anchor": "middle", text: p.date.slice(5) }));
  });
  if (c.lowBalanceDate) {
    const i = c.path.findIndex((p) => p.date === c.lowBalanceDate);
    if (i >= 0) parts.push(el("svg:circle", { id: "cash-low-dot", cx: x(i), cy: y(Number(c.path[i].expected)), r: 5, cls: "dot low" },
      el("svg:title", { text: `below ${money(c.threshold, 0)} on ${c.lowBalanceDate}` })));
  }
  svg.replaceChildren(...parts);
  low.dataset.low = c.lowBalanceDate || "";
  low.textContent = (c.lowBalanceDate ? `Low balance: expected below ${money(c.threshold, 0)} on ${c.lowBalanceDate}`
    : `Expected to stay above ${money(c.threshold, 0)}`) +
    (c.lowerBoundBelowDate && c.lowerBoundBelowDate !== c.lowBalanceDate ? `; possibly from ${c.lowerBoundBelowDate}` : "") +
    `. Starts at ${money(c.startBalance, 0)}` + (c.note ? ` (${c.note})` : "") + ".";
}

// ---------- tables ----------

function amountCell(t) {
  const text = !t.currency || t.currency === state.currency ? money(t.amount)
    : new Intl.NumberFormat("en-GB", { style: "currency", currency: t.currency }).format(Number(t.amount));
  return el("td", { cls: "num " + (Number(t.amount) < 0 ? "neg" : "pos"), text });
}

function renderBills(rows) {
  const body = $("bills").tBodies[0];
  if (!rows.length) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 5, cls: "empty", text: "No recurring bills found." })));
    return;
  }
  body.replaceChildren(...rows.slice(0, 12).map((b) => el("tr", { "data-merchant": b.merchant, "data-next": b.next },
    el("td", { cls: "date", text: b.next }), el("td", { text: b.merchant }), el("td", { text: b.account }),
    el("td", { text: b.cadence + (b.fixedAmount ? "" : ", varies") }),
    el("td", { cls: "num", text: money(b.amount) }))));
}

function renderAnomalies(rows) {
  const body = $("anomalies").tBodies[0];
  if (!rows.length) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 7, cls: "empty", text: "Nothing unusual." })));
    return;
  }
  body.replaceChildren(...rows.map((t) => {
    const b = el("button", { type: "button", cls: "quiet dismiss", text: "Not unusual", title: "Dismiss this flag; pfms remembers it" });
    b.addEventListener("click", () => dismiss(t));
    return el("tr", { "data-id": t.id },
      el("td", { cls: "date", text: t.date }), el("td", { cls: "desc", text: t.description, title: t.description }), amountCell(t),
      el("td", { text: t.categoryLabel }), el("td", { cls: "why", text: t.reasons.join("; ") }),
      el("td", { cls: "num", text: t.anomalyScore.toFixed(2) }), el("td", {}, b));
  }));
}

async function dismiss(t) {
  try {
    await api(`/api/transactions/${encodeURIComponent(t.id)}/dismiss`, { method: "POST" });
    await refresh();
    status(`Dismissed the flag on “${t.description.slice(0, 40)}”: it stays dismissed.`, "ready");
  } catch (e) {
    if (!(e instanceof ConsentNeeded)) status("Could not dismiss: " + e.message, "error");
  }
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
    const desc = el("td", { cls: "desc", title: t.transferNote || t.description }, t.description);
    if (t.transfer) desc.prepend(el("span", { cls: "badge transfer", text: "transfer", title: t.transferNote }));
    if (t.transferOut && t.transferIn) {
      const nb = el("button", { type: "button", cls: "quiet not-transfer", text: "Not a transfer",
        title: "These two are not one transfer between your accounts; pfms remembers it" });
      nb.addEventListener("click", () => notTransfer(t));
      desc.append(" ", nb);
    }
    const pb = el("button", { type: "button", cls: "quiet name-payee", text: "Payee…",
      title: "Name the payee of this merchant (e.g. Amazon for AMZNMKTPLACE …): every description like it then uses it" });
    pb.addEventListener("click", () => namePayee(t));
    desc.append(" ", pb);
    if (t.dismissed) desc.prepend(el("span", { cls: "badge dismissed", text: "dismissed" }));
    return el("tr", { "data-id": t.id, "data-category": t.category, "data-account": t.account, "data-date": t.date,
      "data-transfer": String(t.transfer),
      cls: (t.corrected ? "corrected " : "") + (t.needsReview ? "review " : "") + (t.transfer ? "transfer" : "") },
      el("td", { cls: "date", text: t.date }), el("td", { text: t.account }),
      desc, amountCell(t),
      el("td", {}, categorySelect(t)),
      el("td", { title: why }, el("span", { cls: "conf" + (t.needsReview ? " low" : "") }, bar),
        t.corrected ? "you" : Math.round(t.confidence * 100) + "%"));
  }));
}

async function namePayee(t) {
  const name = window.prompt(`Payee for “${t.description.slice(0, 60)}” and every description like it:`, "");
  if (name === null || !name.trim()) return;
  try {
    await api(`/api/transactions/${encodeURIComponent(t.id)}/payee`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ payee: name.trim(), confirm: true }) });
    await refresh();
    status(`Payee “${name.trim()}” kept for descriptions like “${t.description.slice(0, 40)}”.`, "ready");
  } catch (e) {
    if (!(e instanceof ConsentNeeded)) status("Could not name the payee: " + e.message, "error");
  }
}

async function notTransfer(t) {
  try {
    await api(`/api/transfers/${encodeURIComponent(t.transferOut)}/${encodeURIComponent(t.transferIn)}/reject`,
      { method: "POST" });
    await refresh();
    status(`“${t.description.slice(0, 40)}” is no longer paired as a transfer; pfms remembers it.`, "ready");
  } catch (e) {
    if (!(e instanceof ConsentNeeded)) status("Could not record the decision: " + e.message, "error");
  }
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
    if (!(e instanceof ConsentNeeded)) status("Correction failed: " + e.message, "error");
  }
}

async function filtersChanged() {
  state.offset = 0;
  try {
    await refresh();
  } catch (e) {
    if (!(e instanceof ConsentNeeded)) status("Could not apply the filters: " + e.message, "error");
  }
}

// ---------- wiring ----------

document.addEventListener("DOMContentLoaded", async () => {
  $("file").addEventListener("change", (e) => { if (e.target.files.length) upload(e.target.files[0]); });
  $("sample").addEventListener("click", loadSample);
  $("consent-yes").addEventListener("click", giveConsent);
  $("revoke").addEventListener("click", revokeConsent);
  $("receipt-close").addEventListener("click", () => { $("receipt").hidden = true; });
  let timer = null;
  $("q").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { state.offset = 0; loadTransactions(); }, 250); });
  $("review").addEventListener("change", () => { state.offset = 0; loadTransactions(); });
  $("flagged").addEventListener("change", () => { state.offset = 0; loadTransactions(); });
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadTransactions(); });
  $("next").addEventListener("click", () => { state.offset += PAGE; loadTransactions(); });
  ["f-from", "f-to", "f-account", "f-category"].forEach((id) => $(id).addEventListener("change", filtersChanged));
  $("f-clear").addEventListener("click", () => {
    ["f-from", "f-to", "f-account", "f-category"].forEach((id) => { $(id).value = ""; });
    filtersChanged();
  });
  try {
    state.categories = await api("/api/categories");
    fillCategories();
    if (await checkConsent()) {
      await refresh();
      if ($("status").dataset.state === "empty" && $("tiles").children.length) status("Showing the data in your store.", "ready");
    }
  } catch (e) {
    if (!(e instanceof ConsentNeeded)) status("Could not show your data: " + e.message, "error");
  }
  document.body.dataset.ready = "true";
});
