// The service's page: plain JavaScript, no build step. Talks to the JSON endpoints of the same origin, by URLs
// relative to the page, so it works behind a reverse proxy that serves the service under a path (/classifier/).
"use strict";

const $ = (id) => document.getElementById(id);
const fmt = (x) => (x === null || x === undefined || Number.isNaN(x)) ? "–" : Number(x).toFixed(3);
const pct = (x) => `${(100 * x).toFixed(1)} %`;

function modelPrefix() {
  const model = $("model").value;
  return model ? `models/${encodeURIComponent(model)}/` : "";
}

async function postJson(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept": "application/json" },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const errors = data && data.errors ? Object.values(data.errors).flat().join(" ") : "";
    const error = new Error(errors || (data && (data.detail || data.title)) || `HTTP ${response.status}`);
    error.status = response.status;
    error.retryAfter = Number(response.headers.get("Retry-After"));
    throw error;
  }
  return data;
}

// A batch part, sent again while the service is busy: past MaxConcurrentBatches running and BatchQueueLimit waiting it
// answers 503 with Retry-After (seconds). The whole file had failed on the first 503, with the parts done lost.
async function postBatch(url, body) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await postJson(url, body);
    } catch (error) {
      if (error.status !== 503 || attempt >= 60) throw error;
      const seconds = Number.isFinite(error.retryAfter) && error.retryAfter > 0 ? Math.min(error.retryAfter, 30) : 1;
      await new Promise((resolve) => setTimeout(resolve, 1000 * seconds));
    }
  }
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function showError(id, error) {
  const element = $(id);
  element.textContent = error ? String(error.message || error) : "";
  element.hidden = !error;
}

// What the model answers: its label, the labels of a multi-label model, or "none of these" when it abstained (the
// best guess in brackets).
function answer(result) {
  if (result.abstained) return `none of these (best guess: ${result.label})`;
  if (result.labels.length === 1 && result.labels[0] === result.label) return result.label;
  return result.labels.length === 0 ? `no label (best: ${result.label})` : result.labels.join(", ");
}

async function classify(event) {
  event.preventDefault();
  showError("error", null);
  $("classify").disabled = true;
  try {
    const result = await postJson(`${modelPrefix()}classify`, { text: $("text").value, topK: 3 });
    $("result-label").textContent = answer(result);
    $("result-score").textContent = pct(result.score);
    const body = $("scores").querySelector("tbody");
    body.replaceChildren();
    const entries = Object.entries(result.scores).sort((a, b) => b[1] - a[1]);
    for (const [label, score] of entries) {
      const row = document.createElement("tr");
      cell(row, label);
      const bar = cell(row, "", "bar");
      const fill = document.createElement("span");
      fill.className = "bar-fill";
      fill.style.width = `${Math.max(0.5, 80 * score)}%`;
      fill.setAttribute("aria-hidden", "true");
      bar.append(fill, pct(score));
      body.appendChild(row);
    }
    $("result").hidden = false;
  } catch (error) {
    $("result").hidden = true;
    showError("error", error);
  } finally {
    $("classify").disabled = false;
  }
}

async function classifyFile(event) {
  event.preventDefault();
  showError("batch-error", null);
  const file = $("file").files[0];
  if (!file) {
    showError("batch-error", "Choose a file first.");
    return;
  }
  // One model for the whole file, and no second upload while this one is read or sent.
  const prefix = modelPrefix();
  $("batch").disabled = true;
  let texts = [];
  try {
    const lines = (await file.text()).split(/\r?\n/).map((line, i) => ({ text: line.trim(), line: i + 1 })).filter((l) => l.text.length > 0);
    texts = lines.map((l) => l.text);
    // The file goes in requests the service takes: at most its batch size, and well under its body limit (a char
    // is up to 3 bytes in UTF-8, plus JSON quoting). A line over the text limit is named by its line in the file.
    const limitsResponse = await fetch("limits");
    if (!limitsResponse.ok) throw new Error(`GET /limits failed: ${limitsResponse.status}`);
    const limits = await limitsResponse.json();
    const tooLong = lines.find((l) => l.text.length > limits.maxTextLength);
    if (tooLong) throw new Error(`Line ${tooLong.line} of ${file.name} has ${tooLong.text.length} characters; the service takes at most ${limits.maxTextLength}.`);
    const result = { predictions: [] };
    for (let start = 0; start < texts.length;) {
      let end = start, bytes = 64;
      while (end < texts.length && end - start < limits.maxBatchSize && bytes + 3 * texts[end].length + 8 < limits.maxRequestBodyBytes / 2) {
        bytes += 3 * texts[end].length + 8;
        end++;
      }
      end = Math.max(end, start + 1);
      const part = await postBatch(`${prefix}classify/batch`, { texts: texts.slice(start, end), topK: 1 });
      result.predictions.push(...part.predictions);
      start = end;
    }
    const body = $("batch-table").querySelector("tbody");
    body.replaceChildren();
    const counts = new Map();
    let abstained = 0, unlabelled = 0;
    result.predictions.forEach((p, i) => {
      const label = answer(p);
      // The summary counts answers: each label of an answer (a Map, so any label text is a key), abstentions and
      // empty multi-label answers apart.
      if (p.abstained) abstained++;
      else if (p.labels.length === 0) unlabelled++;
      else p.labels.forEach((key) => counts.set(key, (counts.get(key) || 0) + 1));
      const row = document.createElement("tr");
      cell(row, String(i + 1), "num");
      cell(row, texts[i]);
      cell(row, label);
      cell(row, pct(p.score), "num");
      body.appendChild(row);
    });
    const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([l, c]) => `${l}: ${c}`);
    if (abstained > 0) parts.push(`none of these (abstained): ${abstained}`);
    if (unlabelled > 0) parts.push(`no label: ${unlabelled}`);
    const summary = parts.join(", ");
    $("batch-summary").textContent = `${texts.length} texts from ${file.name}. ${summary}`;
    $("batch-result").hidden = false;
  } catch (error) {
    $("batch-result").hidden = true;
    showError("batch-error", error);
  } finally {
    $("batch").disabled = false;
  }
}

function rocSvg(curves) {
  const ns = "http://www.w3.org/2000/svg";
  const size = 400, pad = 40, inner = size - 2 * pad;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${size + 170} ${size}`);
  svg.setAttribute("role", "img");
  const title = document.createElementNS(ns, "title");
  title.textContent = "ROC curves: " + curves.map((c) => `${c.label} AUC ${fmt(c.auc)}`).join(", ");
  svg.appendChild(title);
  const line = (x1, y1, x2, y2, stroke, dash) => {
    const l = document.createElementNS(ns, "line");
    Object.entries({ x1, y1, x2, y2, stroke, "stroke-dasharray": dash || "" }).forEach(([k, v]) => l.setAttribute(k, v));
    svg.appendChild(l);
  };
  const text = (x, y, content, anchor) => {
    const t = document.createElementNS(ns, "text");
    t.setAttribute("x", x); t.setAttribute("y", y); t.setAttribute("font-size", "11");
    t.setAttribute("text-anchor", anchor || "start");
    t.textContent = content;
    svg.appendChild(t);
  };
  line(pad, pad, pad, pad + inner, "#333");
  line(pad, pad + inner, pad + inner, pad + inner, "#333");
  line(pad, pad + inner, pad + inner, pad, "#999", "4 4");
  text(pad + inner / 2, size - 8, "false-positive rate", "middle");
  text(12, pad - 10, "true-positive rate");
  text(pad, pad + inner + 14, "0", "middle"); text(pad + inner, pad + inner + 14, "1", "middle");
  text(pad - 6, pad + 4, "1", "end");
  const colors = ["#1a5fb4", "#c01c28", "#26a269", "#e66100", "#613583", "#865e3c", "#1c71d8", "#a51d2d", "#2ec27e", "#5e5c64"];
  curves.slice(0, 10).forEach((curve, i) => {
    const path = document.createElementNS(ns, "polyline");
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", colors[i % colors.length]);
    path.setAttribute("stroke-width", "1.5");
    path.setAttribute("points", curve.points.map(([f, t]) => `${pad + f * inner},${pad + (1 - t) * inner}`).join(" "));
    svg.appendChild(path);
    line(size + 5, pad + i * 16 - 4, size + 20, pad + i * 16 - 4, colors[i % colors.length]);
    text(size + 24, pad + i * 16, `${curve.label.slice(0, 18)} ${fmt(curve.auc)}`);
  });
  return svg;
}

async function loadReport() {
  const model = $("model").value;
  const response = await fetch(`models/${encodeURIComponent(model)}/report`);
  if (!response.ok) return;
  const report = await response.json();
  $("report-source").textContent = `${report.model}: ${report.source}` + (report.examples ? `, ${report.examples} examples.` : ".");
  const metrics = $("report-metrics").querySelector("tbody");
  metrics.replaceChildren();
  for (const [name, value] of Object.entries(report.metrics)) {
    const row = document.createElement("tr");
    cell(row, name);
    cell(row, fmt(value), "num");
    metrics.appendChild(row);
  }
  $("report-details").hidden = !report.confusionMatrix;
  if (!report.confusionMatrix) return;

  const perLabel = $("report-labels").querySelector("tbody");
  perLabel.replaceChildren();
  for (const l of report.perLabel) {
    const row = document.createElement("tr");
    cell(row, l.label);
    [l.precision, l.recall, l.f1].forEach((v) => cell(row, fmt(v), "num"));
    cell(row, String(l.support), "num");
    cell(row, fmt(l.rocAuc), "num");
    perLabel.appendChild(row);
  }

  const head = $("confusion").querySelector("thead");
  const body = $("confusion").querySelector("tbody");
  head.replaceChildren(); body.replaceChildren();
  const headRow = document.createElement("tr");
  headRow.appendChild(document.createElement("td"));
  report.labels.forEach((label) => {
    const th = document.createElement("th");
    th.scope = "col"; th.textContent = label;
    headRow.appendChild(th);
  });
  head.appendChild(headRow);
  report.confusionMatrix.forEach((counts, r) => {
    const row = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row"; th.textContent = report.labels[r];
    row.appendChild(th);
    const total = counts.reduce((a, b) => a + b, 0) || 1;
    counts.forEach((count) => {
      const td = cell(row, String(count));
      const share = count / total;
      td.style.background = `rgba(26, 95, 180, ${(0.85 * share).toFixed(3)})`;
      if (share > 0.5) td.style.color = "#fff";
    });
    body.appendChild(row);
  });
  $("roc").replaceChildren(rocSvg(report.roc));
}

async function loadModels() {
  const models = await (await fetch("models")).json();
  const select = $("model");
  select.replaceChildren();
  for (const m of models) {
    const option = document.createElement("option");
    option.value = m.name;
    option.textContent = m.isDefault ? `${m.name} (default)` : m.name;
    option.selected = m.isDefault;
    option.dataset.info = `${m.labels.length} labels, generation ${m.generation}`;
    select.appendChild(option);
  }
  const describe = () => { $("model-info").textContent = select.selectedOptions[0]?.dataset.info || ""; };
  describe();
  select.addEventListener("change", () => { describe(); loadReport(); });
  await loadReport();
}

document.addEventListener("DOMContentLoaded", () => {
  $("classify-form").addEventListener("submit", classify);
  $("batch-form").addEventListener("submit", classifyFile);
  loadModels().catch((error) => showError("error", error));
});
