// detente dashboard: vanilla JS over the JSON API. Text from articles is only ever put in the
// page with textContent (never innerHTML), so an article cannot inject markup.
"use strict";

const QUADS = [
  ["verbal_cooperation", "verbal cooperation", "#7fc97f"],
  ["material_cooperation", "material cooperation", "#1e8449"],
  ["verbal_conflict", "verbal conflict", "#f0a04b"],
  ["material_conflict", "material conflict", "#c0392b"],
];
const PLOT_CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"] };
const $ = (id) => document.getElementById(id);
const state = { dyad: null, by: "week", series: null, outlines: null };

// -- small helpers ---------------------------------------------------------------------------
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "on") Object.entries(v).forEach(([ev, fn]) => node.addEventListener(ev, fn));
    else if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.message || `${response.status} ${response.statusText}`);
  return data;
}

function report(error) {
  const box = $("status");
  box.textContent = error ? String(error.message || error) : "";
  box.hidden = !error;
}

const hasPlotly = () => typeof window.Plotly !== "undefined";
const actorLabel = (a) => (a ? (a.code ? `${a.code} ${a.name}` : a.name) : "—");
const actorSpan = (a, cls) => (a ? el("span", { class: cls }, actorLabel(a)) : el("span", { class: "muted" }, "—"));
const signed = (x) => (x > 0 ? `+${x}` : String(x));

// Split text at every span boundary; each piece gets the classes of the spans covering it.
// spans: {start, end, cls, title?}; labels: {pos, text, cls} inserted before position pos.
function highlight(text, spans, labels = []) {
  const cuts = new Set([0, text.length]);
  spans = spans.filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end);
  spans.forEach((s) => { cuts.add(s.start); cuts.add(s.end); });
  labels.forEach((l) => cuts.add(l.pos));
  const points = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  for (let i = 0; i < points.length; i++) {
    labels.filter((l) => l.pos === points[i]).forEach((l) => out.append(el("span", { class: l.cls }, l.text)));
    if (i === points.length - 1) break;
    const [a, b] = [points[i], points[i + 1]];
    const on = spans.filter((s) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!on.length) { out.append(piece); continue; }
    const title = on.map((s) => s.title).filter(Boolean).join(" · ");
    out.append(el("span", { class: on.map((s) => s.cls).join(" "), title: title || null }, piece));
  }
  return out;
}

// -- dyads and the overview ------------------------------------------------------------------
async function loadSummary() {
  const s = await api("/api/summary?top=25");
  $("counts").textContent = `${s.articles} articles · ${s.events} events · ${s.quotes} quotes · ${s.actors} actors`;
  const select = $("dyad-select");
  select.replaceChildren(el("option", { value: "" }, "— choose —"),
    ...s.top_dyads.map((d) => el("option", { value: `${d.a}-${d.b}` }, `${d.a}–${d.b} (${d.events} events)`)));
  return s;
}

function normalDyad(text) {
  const parts = (text || "").toUpperCase().replace("–", "-").split("-").map((p) => p.trim());
  return parts.length === 2 && parts.every((p) => /^[A-Z0-9]{1,16}$/.test(p)) ? parts.join("-") : null;
}

async function showDyad(dyad, by) {
  state.dyad = dyad; state.by = by;
  $("dyad-input").value = dyad;
  $("by-select").value = by;
  const select = $("dyad-select");
  select.value = [...select.options].some((o) => o.value === dyad) ? dyad : "";
  const [a, b] = dyad.split("-");
  document.title = `detente — ${a}–${b}`;
  $("index-title").textContent = `Relations index ${a}–${b}, per ${by}`;
  const [series, alerts] = await Promise.all([
    api(`/api/relations/${encodeURIComponent(a)}/${encodeURIComponent(b)}?by=${by}`),
    api(`/api/alerts?dyad=${encodeURIComponent(dyad)}&by=${by}`),
  ]);
  state.series = series;
  drawIndex(series, alerts.items);
  drawQuads(series);
  listAlerts(alerts.items);
  const last = [...series.periods].reverse().find((p) => p.both.events > 0);
  if (last) await showPeriod(last.start, last.end);
  else await showPeriod(null, null);  // undated events have no period: list them all
}

function drawIndex(series, alerts) {
  const box = $("index-chart");
  if (!hasPlotly()) { box.textContent = "Charts need plotly (pip install 'detente[web]')."; return; }
  const ps = series.periods;
  const x = ps.map((p) => p.start);
  const custom = ps.map((p) => [p.start, p.end]);
  const hover = ps.map((p) => `${p.start}…${p.end}<br>${p.both.events} events, ${p.both.articles} articles`);
  const line = (flow, name, style) => ({
    x, y: ps.map((p) => p[flow].index), name, type: "scatter", mode: "lines+markers", customdata: custom,
    text: hover, hovertemplate: "%{text}<br>index %{y:.2f}<extra>" + name + "</extra>", connectgaps: false, ...style,
  });
  const weak = {
    x, y: ps.map((p) => (p.both.index === null && p.both.events > 0 ? p.both.smoothed : null)),
    name: "too little evidence", type: "scatter", mode: "markers", customdata: custom, text: hover,
    hovertemplate: "%{text}<br>too little evidence for an index<extra></extra>",
    marker: { symbol: "circle-open", size: 9, color: "#8a94a6" },
  };
  const traces = [
    line("both", `${series.a}–${series.b}`, { line: { color: "#17324f", width: 3 }, marker: { size: 8 } }),
    line("ab", `${series.a}→${series.b}`, { line: { color: "#1f5fa8", width: 1.5, dash: "dot" }, marker: { size: 5 } }),
    line("ba", `${series.b}→${series.a}`, { line: { color: "#c25e00", width: 1.5, dash: "dot" }, marker: { size: 5 } }),
    weak,
  ];
  for (const kind of ["escalation", "de-escalation"]) {
    const mine = alerts.filter((al) => al.kind === kind);
    if (!mine.length) continue;
    traces.push({
      x: mine.map((al) => al.start), y: mine.map((al) => al.index_after), name: kind, type: "scatter", mode: "markers",
      customdata: mine.map((al) => [al.start, al.end]),
      text: mine.map((al) => `${kind} ${al.start}: ${signed(al.index_before)} → ${signed(al.index_after)} (z ${al.z})`),
      hovertemplate: "%{text}<extra></extra>",
      marker: { symbol: kind === "escalation" ? "triangle-down" : "triangle-up", size: 16,
                color: kind === "escalation" ? "#c0392b" : "#1e8449", line: { color: "#fff", width: 1 } },
    });
  }
  const layout = {
    margin: { l: 40, r: 10, t: 10, b: 40 }, hovermode: "closest", legend: { orientation: "h", y: -0.2 },
    yaxis: { range: [-10.5, 10.5], zeroline: true, zerolinecolor: "#9aa5b1", title: { text: "index" } },
    xaxis: { type: "date" }, shapes: [], paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "#fbfcfd",
  };
  window.Plotly.react(box, traces, layout, PLOT_CONFIG).then(() => onClick(box));
}

function drawQuads(series) {
  const box = $("quad-chart");
  if (!hasPlotly()) return;
  const ps = series.periods;
  const traces = QUADS.map(([key, name, color]) => ({
    x: ps.map((p) => p.start), y: ps.map((p) => p.both[key]), name, type: "bar", marker: { color },
    customdata: ps.map((p) => [p.start, p.end]), hovertemplate: `%{y} ${name}<extra>%{x}</extra>`,
  }));
  const layout = { barmode: "stack", margin: { l: 35, r: 10, t: 10, b: 40 }, legend: { orientation: "h", y: -0.25 },
    xaxis: { type: "date" }, yaxis: { title: { text: "story events" }, rangemode: "tozero" },
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "#fbfcfd" };
  window.Plotly.react(box, traces, layout, PLOT_CONFIG).then(() => onClick(box));
}

function onClick(box) {
  if (box.dataset.wired) return;
  box.dataset.wired = "1";
  box.on("plotly_click", (ev) => {
    const point = ev.points && ev.points[0];
    if (point && point.customdata) showPeriod(point.customdata[0], point.customdata[1], true).catch(report);
  });
}

function listAlerts(items) {
  const list = $("alert-list");
  if (!items.length) { list.replaceChildren(el("li", { class: "muted" }, "No alerts for this dyad.")); return; }
  list.replaceChildren(...items.map((al) => el("li", {},
    el("div", { class: "event-head" },
      el("strong", {}, al.kind === "escalation" ? "▼ escalation" : "▲ de-escalation"),
      el("span", {}, `${al.start}…${al.end}`),
      el("span", { class: "pill" }, `${signed(al.index_before)} → ${signed(al.index_after)}`),
      el("button", { class: "link", type: "button", on: { click: () => showPeriod(al.start, al.end, true).catch(report) } },
        `${al.events} events ›`)),
    ...al.drivers.slice(0, 2).map((d) => el("p", { class: "evidence small" }, `“${d.evidence}”`)))));
}

// -- events of a period, with their evidence -------------------------------------------------
async function showPeriod(since, until, scroll = false) {
  const q = new URLSearchParams({ dyad: state.dyad, evidence: "true", limit: "200" });
  if (since) { q.set("since", since); q.set("until", until); }
  const page = await api(`/api/events?${q}`);
  $("events-title").textContent = `Events ${state.dyad.replace("-", "–")}` + (since ? `, ${since} … ${until}` : "") +
    (page.has_more ? " (first 200)" : "");
  const list = $("event-list");
  if (!page.items.length) { list.replaceChildren(el("li", { class: "muted" }, "No events in this period.")); return; }
  list.replaceChildren(...page.items.map(eventItem));
  if (scroll) $("events-card").scrollIntoView({ behavior: "smooth", block: "start" });
  drawMap(since, until).catch(report);
}

// -- the map: events by place, on country outlines bundled with the package ------------------
async function outlines() {
  if (!state.outlines) {
    const world = await api("/api/map/outlines");
    // One line trace for every outline ring, rings separated by nulls.
    const x = [], y = [];
    for (const f of world.features) {
      const g = f.geometry;
      const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      for (const poly of polys) for (const ring of poly) {
        for (const [lon, lat] of ring) { x.push(lon); y.push(lat); }
        x.push(null); y.push(null);
      }
    }
    state.outlines = { x, y };
  }
  return state.outlines;
}

async function drawMap(since, until) {
  const box = $("map-chart");
  if (!hasPlotly()) return;
  const q = new URLSearchParams({ dyad: state.dyad });
  if (since) { q.set("since", since); q.set("until", until); }
  const [world, found] = await Promise.all([outlines(), api(`/api/places?${q}`)]);
  const pts = found.points;
  $("map-title").textContent = `Where: ${found.placed} events at ${pts.length} places` +
    (found.unplaced ? ` (${found.unplaced} without a place)` : "");
  const land = { x: world.x, y: world.y, mode: "lines", line: { color: "#9aa5b1", width: 0.7 },
    hoverinfo: "skip", showlegend: false, name: "outlines" };
  const hover = pts.map((p) => `<b>${p.full_name}</b> (${p.precision})<br>${p.events} events, mean Goldstein ${p.goldstein_mean}` +
    p.items.slice(0, 6).map((i) => `<br>${i.code} ${i.name}: ${i.source || "—"} → ${i.target || "—"}`).join(""));
  const events = { x: pts.map((p) => p.lon), y: pts.map((p) => p.lat), mode: "markers", name: "events",
    text: hover, hovertemplate: "%{text}<extra></extra>", showlegend: false,
    customdata: pts.map((p) => p.name),
    marker: { size: pts.map((p) => 8 + 6 * Math.sqrt(p.events)), color: pts.map((p) => goldsteinColour(p.goldstein_mean)),
      line: { color: "#17324f", width: 1 }, opacity: 0.85 } };
  // Frame the points (at least 40° wide), else the whole world; degrees kept square.
  const lons = pts.map((p) => p.lon), lats = pts.map((p) => p.lat);
  const pad = (lo, hi, min) => { const mid = (lo + hi) / 2, half = Math.max((hi - lo) / 2 + 8, min / 2); return [mid - half, mid + half]; };
  const xr = pts.length ? pad(Math.min(...lons), Math.max(...lons), 40) : [-180, 180];
  const yr = pts.length ? pad(Math.min(...lats), Math.max(...lats), 25) : [-58, 84];
  const layout = { margin: { l: 10, r: 10, t: 10, b: 10 }, hovermode: "closest", plot_bgcolor: "#eef4fa",
    xaxis: { range: xr, visible: false }, yaxis: { range: yr, visible: false, scaleanchor: "x", scaleratio: 1 } };
  await window.Plotly.react(box, [land, events], layout, PLOT_CONFIG);
}

function eventItem(e) {
  const g = e.goldstein;
  const ev = e.evidence;
  const sentence = ev ? highlight(ev.text, ev.marks.map((m) => ({
    start: m.start, end: m.end, cls: { source: "src", target: "tgt", trigger: "trigger" }[m.kind], title: m.kind,
  }))) : "";
  const art = e.article || { id: e.article_id };
  return el("li", { class: "event", "data-event": e.id },
    el("div", { class: "event-head" },
      el("span", { class: "muted" }, art.published || ""),
      actorSpan(e.source, "src"), "→",
      el("span", { class: "code", title: e.name }, e.code), el("span", {}, e.name), "→",
      actorSpan(e.target, "tgt"),
      el("span", { class: `pill ${g < 0 ? "neg" : g > 0 ? "pos" : ""}` }, `Goldstein ${signed(g)}`),
      el("span", { class: "pill" }, e.modality),
      el("button", { class: "link", type: "button", on: { click: () => openArticle(art.id) } },
        `${art.title || "article"} ›`)),
    el("blockquote", { class: "evidence" }, sentence),
    eventContext(e));
}

// Where, how many, tone and themes of an event (absent parts are left out).
function eventContext(e) {
  const parts = [];
  const p = e.location;
  if (p) parts.push(el("span", { class: "pill place", title: `${p.full_name || p.name} · ${p.precision} · found via ${p.via}` },
    `at ${p.name}${p.country && p.kind !== "country" ? ", " + p.country : ""}`));
  for (const a of e.amounts || []) parts.push(el("span", { class: "amount", title: a.kind }, `${a.text} ${a.object || ""}`.trim()));
  if (e.dead !== null && e.dead !== undefined) parts.push(el("span", { class: "pill neg" }, `${e.dead} dead`));
  if (e.injured !== null && e.injured !== undefined) parts.push(el("span", { class: "pill neg" }, `${e.injured} injured`));
  if (e.tone !== null && e.tone !== undefined) parts.push(el("span", { class: "tone", title: "tone of the sentence, −100…+100" }, `tone ${signed(Math.round(e.tone * 10) / 10)}`));
  if ((e.themes || []).length) parts.push(el("span", { class: "themes" }, e.themes.join(", ")));
  return parts.length ? el("div", { class: "event-context" }, ...parts) : null;
}

// -- one article with everything highlighted -------------------------------------------------
function openArticle(id) { location.hash = `article=${encodeURIComponent(id)}`; }

async function showArticle(id) {
  const view = await api(`/api/articles/${encodeURIComponent(id)}`);
  const a = view.article;
  $("article-title").textContent = a.title || a.external_id || `Article ${a.id}`;
  $("article-meta").textContent = [a.published, a.source, a.url].filter(Boolean).join(" · ") +
    ` · ${view.mentions.length} mentions, ${view.quotes.length} quotes, ${view.events.length} events`;
  const spans = [
    ...view.quotes.map((q) => ({ start: q.start, end: q.end, cls: "quote", title: `quote (${q.kind}) by ${actorLabel(q.speaker) || q.speaker_text || "?"}` })),
    ...view.mentions.map((m) => ({ start: m.start, end: m.end, cls: "mention", title: `${actorLabel(m.actor)} (${m.via})` })),
    ...view.events.map((e) => ({ start: e.trigger_start, end: e.trigger_end, cls: "trigger",
      title: `${e.code} ${e.name}: ${actorLabel(e.source)} → ${actorLabel(e.target)} (${e.modality})` })),
  ];
  const labels = view.quotes.map((q) => ({ pos: q.start, cls: "speaker",
    text: q.speaker ? (q.speaker.code ? `${q.speaker.name} · ${q.speaker.code}` : q.speaker.name) : (q.speaker_text || "unattributed") }));
  $("article-text").replaceChildren(highlight(a.text, spans, labels));
  $("article-actors").replaceChildren(...view.actors.map((x) => el("li", {},
    el("span", { class: "code" }, x.code || "—"), " ", x.name, el("span", { class: "muted" }, ` ×${x.mentions}`))));
  $("article-quotes").replaceChildren(...view.quotes.map((q) => el("li", {},
    el("span", { class: "speaker" }, q.speaker ? q.speaker.name : (q.speaker_text || "unattributed")),
    q.cue ? el("span", { class: "muted" }, ` ${q.cue}: `) : " ", `“${q.text}”`)));
  $("article-events").replaceChildren(...view.events.map((e) => el("li", {},
    actorSpan(e.source, "src"), " ", el("span", { class: "code" }, e.code), ` ${e.name} `,
    actorSpan(e.target, "tgt"), el("span", { class: "muted" }, ` · ${e.modality}`))));
  $("article-card").hidden = false;
  $("article-card").scrollIntoView({ block: "start" });
}

// -- the actor network -----------------------------------------------------------------------
function goldsteinColour(g) {
  // Red (−10) through grey (0) to green (+10).
  const t = Math.max(-1, Math.min(1, (g || 0) / 10));
  const [from, to] = t < 0 ? [[154, 165, 177], [192, 57, 43]] : [[154, 165, 177], [30, 132, 73]];
  const k = Math.abs(t) ** 0.6;
  return `rgb(${from.map((c, i) => Math.round(c + (to[i] - c) * k)).join(",")})`;
}

// A small force-directed layout (Fruchterman–Reingold): connected parties pull together,
// all push apart; starts from a circle, so the same data always gives the same picture.
function forceLayout(ids, edges, rounds = 300) {
  const n = ids.length, k = 1 / Math.sqrt(Math.max(n, 1));
  const p = {};
  ids.forEach((id, i) => { const a = (2 * Math.PI * i) / Math.max(n, 1); p[id] = [Math.cos(a), Math.sin(a)]; });
  for (let r = 0; r < rounds; r++) {
    const heat = 0.1 * (1 - r / rounds) + 0.002;
    const move = Object.fromEntries(ids.map((id) => [id, [0, 0]]));
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const [a, b] = [p[ids[i]], p[ids[j]]];
      const dx = a[0] - b[0], dy = a[1] - b[1], d2 = Math.max(dx * dx + dy * dy, 1e-4), f = (k * k) / d2;
      move[ids[i]][0] += dx * f; move[ids[i]][1] += dy * f; move[ids[j]][0] -= dx * f; move[ids[j]][1] -= dy * f;
    }
    for (const e of edges) {
      const [a, b] = [p[e.a], p[e.b]];
      const dx = a[0] - b[0], dy = a[1] - b[1], d = Math.sqrt(dx * dx + dy * dy) || 1e-3;
      const f = (d / k) * (1 + Math.log(e.events)) * 0.3;
      move[e.a][0] -= dx * f; move[e.a][1] -= dy * f; move[e.b][0] += dx * f; move[e.b][1] += dy * f;
    }
    for (const id of ids) {
      const [mx, my] = [move[id][0] - p[id][0] * 0.5, move[id][1] - p[id][1] * 0.5];  // gravity to the centre
      const len = Math.sqrt(mx * mx + my * my) || 1;
      p[id][0] += (mx / len) * Math.min(len, heat); p[id][1] += (my / len) * Math.min(len, heat);
    }
  }
  const span = Math.max(1e-6, ...ids.flatMap((id) => p[id].map(Math.abs)));
  ids.forEach((id) => { p[id] = [p[id][0] / span, p[id][1] / span]; });
  return p;
}

async function drawNetwork() {
  const box = $("network-chart");
  if (!hasPlotly()) return;
  const net = await api("/api/network?limit=40");
  const pos = forceLayout(net.nodes.map((x) => x.id), net.edges);
  const most = Math.max(1, ...net.edges.map((e) => e.events));
  const traces = net.edges.map((e) => ({
    x: [pos[e.a][0], pos[e.b][0]], y: [pos[e.a][1], pos[e.b][1]], mode: "lines", type: "scatter", hoverinfo: "skip",
    line: { color: goldsteinColour(e.goldstein_mean), width: 1 + 7 * Math.sqrt(e.events / most) }, showlegend: false,
  }));
  traces.push({
    x: net.edges.map((e) => (pos[e.a][0] + pos[e.b][0]) / 2), y: net.edges.map((e) => (pos[e.a][1] + pos[e.b][1]) / 2),
    mode: "markers", type: "scatter", showlegend: false, customdata: net.edges.map((e) => `${e.a}-${e.b}`),
    text: net.edges.map((e) => `${e.a}–${e.b}: ${e.events} events (${e.a}→${e.b} ${e.ab}, ${e.b}→${e.a} ${e.ba})<br>mean Goldstein ${e.goldstein_mean}`),
    hovertemplate: "%{text}<extra></extra>",
    marker: { size: 9, color: net.edges.map((e) => e.goldstein_mean), cmin: -10, cmax: 10,
      colorscale: [[0, "#c0392b"], [0.5, "#9aa5b1"], [1, "#1e8449"]],
      colorbar: { title: { text: "mean Goldstein", side: "top" }, orientation: "h", thickness: 10, len: 0.5, y: -0.02 } },
  });
  const mostNode = Math.max(1, ...net.nodes.map((x) => x.events));
  traces.push({
    x: net.nodes.map((x) => pos[x.id][0]), y: net.nodes.map((x) => pos[x.id][1]), mode: "markers+text", type: "scatter",
    text: net.nodes.map((x) => x.id), textposition: "top center", showlegend: false,
    hovertemplate: "%{text}: %{customdata} events<extra></extra>", customdata: net.nodes.map((x) => x.events),
    marker: { size: net.nodes.map((x) => 10 + 22 * Math.sqrt(x.events / mostNode)), color: "#17324f", line: { color: "#fff", width: 1 } },
  });
  const axis = { visible: false, range: [-1.3, 1.3] };
  const layout = { margin: { l: 5, r: 5, t: 5, b: 5 }, xaxis: axis, yaxis: axis,
    hovermode: "closest", paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)" };
  await window.Plotly.react(box, traces, layout, PLOT_CONFIG);
  box.on("plotly_click", (ev) => {
    const p = ev.points && ev.points[0];
    if (p && typeof p.customdata === "string") go(p.customdata, state.by);
  });
}

// -- navigation: the URL hash holds the view (#dyad=GBR-RUS&by=week or #article=ID) -----------
function go(dyad, by) { location.hash = new URLSearchParams({ dyad, by }).toString(); }

async function route() {
  report(null);
  const params = new URLSearchParams(location.hash.slice(1));
  try {
    if (params.get("article")) { await showArticle(params.get("article")); return; }
    $("article-card").hidden = true;
    const dyad = normalDyad(params.get("dyad")) || state.dyad || $("dyad-select").options[1]?.value;
    const by = ["day", "week", "month", "year"].includes(params.get("by")) ? params.get("by") : state.by;
    if (dyad) await showDyad(dyad, by);
  } catch (error) { report(error); }
}

async function start() {
  $("dyad-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const dyad = normalDyad($("dyad-input").value) || normalDyad($("dyad-select").value);
    if (!dyad) { report(new Error("Write two actor codes, like GBR-RUS.")); return; }
    go(dyad, $("by-select").value);
  });
  $("dyad-select").addEventListener("change", (ev) => { if (ev.target.value) go(ev.target.value, $("by-select").value); });
  $("by-select").addEventListener("change", (ev) => { if (state.dyad) go(state.dyad, ev.target.value); });
  $("article-close").addEventListener("click", () => (state.dyad ? go(state.dyad, state.by) : (location.hash = "")));
  window.addEventListener("hashchange", route);
  try { await loadSummary(); } catch (error) { report(error); return; }
  await route();
  drawNetwork().catch(report);
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", start);
