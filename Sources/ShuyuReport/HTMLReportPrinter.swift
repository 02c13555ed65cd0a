import Foundation
import ShuyuLint

/// `shuyu check --html report.html`: one self-contained file — no network, no external
/// scripts or fonts — with a sortable table of concepts and their renderings (a bar per
/// concept shows the split), the findings, each linked to its segment shown with source
/// and target side by side and the spans highlighted, and the glossary candidates.
///
/// The data is embedded as JSON and the page renders it in chunks, so that thousands of
/// findings stay usable. All text goes into the page through `textContent`, never as HTML.
public enum HTMLReportPrinter {
    public static func render(_ report: CheckReport, title: String = "Shuyu terminology check") throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // "<" only occurs inside JSON strings, where \u003c means the same: no "</script>" can close the tag.
        let data = String(decoding: try encoder.encode(report), as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
        let escapedTitle = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return template
            .replacingOccurrences(of: "{{TITLE}}", with: escapedTitle)
            .replacingOccurrences(of: "{{DATA}}", with: data)
    }

    static let template = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}}</title>
<style>
:root { --ink:#1f2328; --muted:#656d76; --line:#d0d7de; --bg:#f6f8fa; --pref:#1a7f37; --adm:#0969da; --rej:#cf222e; --none:#8c959f; --warn:#9a6700; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.5 -apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif; color:var(--ink); background:#fff; }
header { padding:20px 32px; border-bottom:1px solid var(--line); background:var(--bg); }
h1 { margin:0 0 12px; font-size:22px; }
h2 { font-size:18px; margin:28px 0 10px; }
main { padding:0 32px 40px; max-width:1400px; }
.cards { display:flex; gap:12px; flex-wrap:wrap; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:8px 14px; min-width:120px; }
.card b { display:block; font-size:20px; }
.card span { color:var(--muted); font-size:12px; }
nav a { margin-right:16px; color:var(--adm); text-decoration:none; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:var(--bg); position:sticky; top:0; cursor:pointer; user-select:none; white-space:nowrap; }
th[data-sort]::after { content:" ⇅"; color:var(--muted); font-size:11px; }
tr.finding { cursor:pointer; }
tr.finding:hover, tr.concept:hover { background:#f3f8ff; }
.bar { display:flex; height:14px; width:220px; border-radius:3px; overflow:hidden; background:#eee; }
.bar i { display:block; height:100%; }
.preferred { background:var(--pref); } .admitted { background:var(--adm); } .unrendered { background:var(--none); }
.deprecated, .superseded, .forbidden { background:var(--rej); }
.chip { display:inline-block; margin:1px 6px 1px 0; padding:0 6px; border-radius:10px; font-size:12px; border:1px solid var(--line); }
.chip.s-preferred { border-color:var(--pref); color:var(--pref); } .chip.s-admitted { border-color:var(--adm); color:var(--adm); }
.chip.s-deprecated, .chip.s-superseded, .chip.s-forbidden { border-color:var(--rej); color:var(--rej); } .chip.s-unrendered { color:var(--none); }
.sev { font-weight:600; font-size:12px; text-transform:uppercase; }
.sev-error { color:var(--rej); } .sev-warning { color:var(--warn); } .sev-info { color:var(--adm); }
.muted { color:var(--muted); }
.controls { display:flex; gap:8px; margin:8px 0; align-items:center; }
input[type=search], select { padding:4px 8px; border:1px solid var(--line); border-radius:6px; font:inherit; }
.segment { border:1px solid var(--line); border-radius:8px; margin:10px 0; }
.segment.target-flash { box-shadow:0 0 0 3px #ffd33d; }
.segment .head { padding:6px 10px; background:var(--bg); border-bottom:1px solid var(--line); font-size:12px; color:var(--muted); }
.pair { display:grid; grid-template-columns:1fr 1fr; }
.pair div { padding:8px 10px; white-space:pre-wrap; word-break:break-word; }
.pair div + div { border-left:1px solid var(--line); }
mark { background:#fff3b0; border-bottom:2px solid var(--warn); padding:0 1px; }
mark.r-forbidden-term, mark.r-blocked-term { background:#ffebe9; border-color:var(--rej); }
mark.r-missing-term { background:#ddf4ff; border-color:var(--adm); }
button.more { margin:10px 0; padding:6px 14px; border:1px solid var(--line); border-radius:6px; background:#fff; cursor:pointer; }
</style>
</head>
<body>
<header>
<h1>{{TITLE}}</h1>
<div class="cards" id="cards"></div>
<nav style="margin-top:12px"><a href="#concepts">Concepts</a><a href="#findings">Findings</a><a href="#segments">Segments</a><a href="#candidates">Glossary candidates</a></nav>
<noscript><p>This report needs JavaScript to show its tables.</p></noscript>
</header>
<main>
<h2 id="concepts">Concepts and their renderings</h2>
<div class="controls"><input type="search" id="concept-filter" placeholder="Filter concepts…"></div>
<table id="concept-table"><thead><tr>
<th data-sort="chinese">Chinese</th><th data-sort="english">Preferred English</th><th data-sort="occurrences">Occurrences</th>
<th data-sort="documents">Documents</th><th data-sort="consistency">Split</th><th>Renderings</th></tr></thead><tbody></tbody></table>
<h2 id="findings">Findings</h2>
<div class="controls"><select id="rule-filter"><option value="">All rules</option></select><input type="search" id="finding-filter" placeholder="Filter findings…"><span class="muted" id="finding-count"></span></div>
<table id="finding-table"><thead><tr><th data-sort="severity">Severity</th><th data-sort="rule">Rule</th><th data-sort="where">Where</th><th data-sort="message">Message</th></tr></thead><tbody></tbody></table>
<button class="more" id="finding-more" hidden>Show more findings</button>
<h2 id="segments">Segments</h2>
<div id="segment-list"></div>
<button class="more" id="segment-more" hidden>Show more segments</button>
<h2 id="candidates">Candidates for the glossary</h2>
<table id="candidate-table"><thead><tr><th data-sort="text">Chinese</th><th data-sort="frequency">Frequency</th><th data-sort="documents">Documents</th><th data-sort="english">Seems to be rendered as</th><th>First seen</th></tr></thead><tbody></tbody></table>
</main>
<script id="data" type="application/json">{{DATA}}</script>
<script>
"use strict";
const report = JSON.parse(document.getElementById("data").textContent);
const CHUNK = 200;
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "text") node.textContent = value; else if (key === "class") node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}
function where(location) { return location ? `${location.file}:${location.line}:${location.column}` : ""; }
const severityRank = { error: 0, warning: 1, info: 2 };

// Summary cards.
const count = rule => report.findings.filter(f => f.severity === rule).length;
for (const [label, value] of [["documents", report.documents.length], ["segments", report.segments], ["concepts", report.census.length],
    ["errors", count("error")], ["warnings", count("warning")], ["info", count("info")], ["candidates", report.candidates.length]]) {
  document.getElementById("cards").append(el("div", { class: "card" }, el("b", { text: String(value) }), el("span", { text: label })));
}

// Sortable tables: rows are rebuilt from data, sorted by the clicked column.
function sortable(table, rows, key, render, ascending = false) {
  let state = { key, ascending };
  table.querySelectorAll("th[data-sort]").forEach(th => th.addEventListener("click", () => {
    const next = th.dataset.sort;
    state = { key: next, ascending: state.key === next ? !state.ascending : true };
    render(sorted());
  }));
  function sorted() {
    return [...rows()].sort((a, b) => {
      const x = a[state.key], y = b[state.key];
      const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      return state.ascending ? order : -order;
    });
  }
  return sorted;
}

// Concepts.
const conceptRows = report.census.map(entry => {
  const approved = entry.renderings.filter(r => r.status === "preferred").reduce((n, r) => n + r.count, 0);
  const total = entry.renderings.reduce((n, r) => n + r.count, 0) || 1;
  return { ...entry, consistency: approved / total };
});
const conceptBody = document.querySelector("#concept-table tbody");
const conceptFilter = document.getElementById("concept-filter");
function renderConcepts(rows) {
  const term = conceptFilter.value.trim().toLowerCase();
  conceptBody.replaceChildren(...rows.filter(r => !term || (r.chinese + r.english + r.conceptID).toLowerCase().includes(term)).map(entry => {
    const total = entry.renderings.reduce((n, r) => n + r.count, 0) || 1;
    const bar = el("div", { class: "bar" }, ...entry.renderings.map(r =>
      el("i", { class: r.status, style: `width:${(100 * r.count / total).toFixed(2)}%`, title: `${r.text || "not rendered"}: ${r.count}` })));
    const chips = el("div", {}, ...entry.renderings.map(r => el("span", { class: `chip s-${r.status}`, text: `${r.text || "not rendered"} ${r.count}` })));
    return el("tr", { class: "concept" },
      el("td", {}, el("b", { text: entry.chinese }), el("div", { class: "muted", text: entry.conceptID })),
      el("td", { text: entry.english }), el("td", { text: String(entry.occurrences) }), el("td", { text: String(entry.documents) }),
      el("td", {}, bar), el("td", {}, chips));
  }));
}
const sortedConcepts = sortable(document.getElementById("concept-table"), () => conceptRows, "occurrences", renderConcepts);
conceptFilter.addEventListener("input", () => renderConcepts(sortedConcepts()));
renderConcepts(sortedConcepts());

// Segments, rendered in chunks; findings link to them.
const segmentIndex = new Map(report.segmentsShown.map((s, i) => [s.document + "\u001f" + s.segment, i]));
const segmentList = document.getElementById("segment-list");
const segmentMore = document.getElementById("segment-more");
let segmentsRendered = 0;
function highlighted(text, marks) {
  const chars = Array.from(text);  // code points: mark offsets count Unicode scalars
  const nodes = [];
  let at = 0;
  for (const mark of [...marks].sort((a, b) => a.start - b.start)) {
    if (mark.start < at) continue;
    nodes.push(chars.slice(at, mark.start).join(""));
    nodes.push(el("mark", { class: "r-" + mark.rule, title: mark.rule, text: chars.slice(mark.start, mark.start + mark.length).join("") }));
    at = mark.start + mark.length;
  }
  nodes.push(chars.slice(at).join(""));
  return nodes;
}
function renderSegments(upTo) {
  const end = Math.min(report.segmentsShown.length, Math.max(upTo, segmentsRendered + CHUNK));
  for (let i = segmentsRendered; i < end; i++) {
    const s = report.segmentsShown[i];
    segmentList.append(el("div", { class: "segment", id: "seg-" + i },
      el("div", { class: "head", text: `${s.document} · segment ${s.segment}` }),
      el("div", { class: "pair" }, el("div", { lang: "zh" }, ...highlighted(s.source, s.sourceMarks)), el("div", {}, ...highlighted(s.target, s.targetMarks)))));
  }
  segmentsRendered = end;
  segmentMore.hidden = segmentsRendered >= report.segmentsShown.length;
}
segmentMore.addEventListener("click", () => renderSegments(0));
renderSegments(0);
function showSegment(index) {
  if (index >= segmentsRendered) renderSegments(index + 1);
  const node = document.getElementById("seg-" + index);
  node.scrollIntoView({ block: "center" });
  node.classList.add("target-flash");
  setTimeout(() => node.classList.remove("target-flash"), 1500);
}

// Findings, filtered by rule and text, shown in chunks.
const findingRows = report.findings.map(f => ({ ...f, severityOrder: severityRank[f.severity], where: where(f.target || f.source) }));
const ruleFilter = document.getElementById("rule-filter");
for (const rule of [...new Set(findingRows.map(f => f.rule))].sort()) ruleFilter.append(el("option", { value: rule, text: rule }));
const findingBody = document.querySelector("#finding-table tbody");
const findingFilter = document.getElementById("finding-filter");
const findingMore = document.getElementById("finding-more");
let findingLimit = CHUNK;
function renderFindings(rows) {
  const rule = ruleFilter.value, term = findingFilter.value.trim().toLowerCase();
  const shown = rows.filter(f => (!rule || f.rule === rule) && (!term || (f.message + f.where).toLowerCase().includes(term)));
  document.getElementById("finding-count").textContent = `${shown.length} of ${rows.length}`;
  findingBody.replaceChildren(...shown.slice(0, findingLimit).map(f => {
    const row = el("tr", { class: "finding" },
      el("td", {}, el("span", { class: "sev sev-" + f.severity, text: f.severity })), el("td", { text: f.rule }),
      el("td", { class: "muted", text: f.where }), el("td", { text: f.message }));
    const index = segmentIndex.get(f.document + "\u001f" + f.segment);
    if (index !== undefined) row.addEventListener("click", () => showSegment(index));
    return row;
  }));
  findingMore.hidden = shown.length <= findingLimit;
}
const sortedFindings = sortable(document.getElementById("finding-table"), () => findingRows, "severityOrder", renderFindings, true);
document.querySelector('#finding-table th[data-sort="severity"]').dataset.sort = "severityOrder";
for (const control of [ruleFilter, findingFilter]) control.addEventListener("input", () => { findingLimit = CHUNK; renderFindings(sortedFindings()); });
findingMore.addEventListener("click", () => { findingLimit += CHUNK; renderFindings(sortedFindings()); });
renderFindings(sortedFindings());

// Candidates.
const candidateBody = document.querySelector("#candidate-table tbody");
function renderCandidates(rows) {
  candidateBody.replaceChildren(...rows.map(c => el("tr", {},
    el("td", {}, el("b", { text: c.text })), el("td", { text: String(c.frequency) }), el("td", { text: String(c.documents) }),
    el("td", { text: c.english ? `${c.english} (${c.englishScore})` : "—" }), el("td", { class: "muted", text: where(c.firstLocation) }))));
}
const sortedCandidates = sortable(document.getElementById("candidate-table"), () => report.candidates.map(c => ({ ...c, english: c.english || "" })), "frequency", renderCandidates);
renderCandidates(sortedCandidates());
</script>
</body>
</html>
"""#
}
