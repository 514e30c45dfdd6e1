// The dashboard's script (see dashboard_page.h): polls /api/series and /health, draws on
// <canvas> with nothing but the 2D context, and marks each canvas with data-points.
#include "firn/observe/dashboard/dashboard_page.h"

namespace firn::observe {

const char* const kDashboardScript = R"js('use strict';
const C = { records: '#2b7bb9', written: '#2b7bb9', cin: '#e0a040', cout: '#3aa655',
            latency: '#a05195', delay: '#7a5195', lag: '#d1495b', part: '#d1495b', before: '#e0a040', after: '#3aa655' };

function fmtNum(n) {
  const a = Math.abs(n);
  if (a >= 1e9) return (n / 1e9).toFixed(1) + 'G';
  if (a >= 1e6) return (n / 1e6).toFixed(1) + 'M';
  if (a >= 1e4) return (n / 1e3).toFixed(0) + 'k';
  if (a >= 1e3) return (n / 1e3).toFixed(1) + 'k';
  return String(Math.round(n * 100) / 100);
}
function fmtBytes(b, short) {
  const u = short ? ['B', 'K', 'M', 'G', 'T'] : ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; }
  return (i && b < 10 && !short ? b.toFixed(1) : Math.round(b)) + (short ? '' : ' ') + u[i];
}
function fmtSecs(s) {
  if (s < 1) return Math.round(s * 1000) + ' ms';
  if (s < 120) return s.toFixed(s < 10 ? 1 : 0) + ' s';
  if (s < 7200) return (s / 60).toFixed(1) + ' min';
  return (s / 3600).toFixed(1) + ' h';
}
function fmtClock(ms) { return new Date(ms).toTimeString().slice(0, 8); }

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text != null) e.textContent = text;
  return e;
}

// Sections and panels are made once and redrawn at every poll.
const made = new Map();
function section(parent, id, title) {
  let s = made.get(id);
  if (!s) {
    const root = el('section', { 'data-section': id });
    root.appendChild(el('h2', {}, title));
    const summary = el('div', { class: 'summary' });
    const grid = el('div', { class: 'grid' });
    root.appendChild(summary);
    root.appendChild(grid);
    parent.appendChild(root);
    s = { summary, grid };
    made.set(id, s);
  }
  return s;
}
function panel(grid, id, title, kind, key, legend) {
  let canvas = made.get(id);
  if (!canvas) {
    const div = el('div', { class: 'panel' });
    div.appendChild(el('h3', {}, title));
    canvas = el('canvas', { 'data-plot': kind, 'data-key': key, 'data-points': '0' });
    div.appendChild(canvas);
    const lg = el('div', { class: 'legend' });
    for (const [name, color] of legend) {
      const s = el('span'), i = el('i');
      i.style.background = color;
      s.appendChild(i);
      s.appendChild(document.createTextNode(name));
      lg.appendChild(s);
    }
    div.appendChild(lg);
    grid.appendChild(div);
    made.set(id, canvas);
  }
  return canvas;
}

function frame(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 360, h = canvas.clientHeight || 180;
  if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
  if (canvas.height !== Math.round(h * dpr)) canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  return { ctx, w, h, l: 56, r: w - 8, t: 8, b: h - 20 };
}
function noData(g, canvas, text) {
  g.ctx.fillStyle = '#9ca3af';
  g.ctx.textAlign = 'center';
  g.ctx.textBaseline = 'middle';
  g.ctx.fillText(text, g.w / 2, g.h / 2);
  canvas.setAttribute('data-points', '0');
}
function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
// Counts get whole ticks (the grid has 4 steps).
function axisMax(v, fmt) { return fmt === fmtNum && v <= 20 ? Math.max(4, Math.ceil(v / 4) * 4) : niceMax(v); }
function yGrid(g, max, fmt) {
  const ctx = g.ctx;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let i = 0; i <= 4; i++) {
    const y = Math.round(g.b - (g.b - g.t) * i / 4) + 0.5;
    ctx.strokeStyle = i ? '#eef0f3' : '#c7cbd1';
    ctx.beginPath(); ctx.moveTo(g.l, y); ctx.lineTo(g.r, y); ctx.stroke();
    ctx.fillStyle = '#6b7280';
    ctx.fillText(fmt(max * i / 4), g.l - 4, y);
  }
}

// series: [{color, bars, points: [[time_ms, value or null], ...]}]
function timePlot(canvas, series, fmt, emptyText) {
  const g = frame(canvas), ctx = g.ctx;
  const pts = series.flatMap(s => s.points.filter(p => p[1] != null));
  if (pts.length === 0) return noData(g, canvas, emptyText);
  let x0 = Infinity, x1 = -Infinity, ymax = 0;
  for (const [x, y] of pts) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); ymax = Math.max(ymax, y); }
  if (x1 - x0 < 2000) { x0 -= 1000; x1 += 1000; }
  const max = axisMax(ymax, fmt);
  yGrid(g, max, fmt);
  const X = x => g.l + 6 + (g.r - g.l - 12) * (x - x0) / (x1 - x0);
  const Y = y => g.b - (g.b - g.t) * y / max;
  ctx.fillStyle = '#6b7280';
  ctx.textBaseline = 'top';
  const ticks = Math.max(1, Math.min(3, Math.floor((g.r - g.l) / 80)));  // labels ~50 px wide
  for (let i = 0; i <= ticks; i++) {
    const x = x0 + (x1 - x0) * i / ticks;
    ctx.textAlign = i === 0 ? 'left' : i === ticks ? 'right' : 'center';
    ctx.fillText(fmtClock(x), X(x), g.b + 5);
  }
  series.forEach((s, k) => {
    const ps = s.points.filter(p => p[1] != null);
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    if (s.bars) {
      const n = series.filter(t => t.bars).length;
      const bw = Math.max(2, Math.min(14, (g.r - g.l) / Math.max(ps.length, 1) * 0.7)) / n;
      for (const [x, y] of ps) ctx.fillRect(X(x) - bw * n / 2 + bw * k, Y(y), Math.max(1, bw - 0.5), g.b - Y(y));
    } else {
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ps.forEach(([x, y], i) => (i ? ctx.lineTo(X(x), Y(y)) : ctx.moveTo(X(x), Y(y))));
      ctx.stroke();
      ctx.lineWidth = 1;
      if (ps.length < 80) for (const [x, y] of ps) { ctx.beginPath(); ctx.arc(X(x), Y(y), 2, 0, 2 * Math.PI); ctx.fill(); }
    }
  });
  canvas.setAttribute('data-points', String(pts.length));
}

// Categories along x, one bar per series in each; `points` is what data-points says.
function barPlot(canvas, labels, series, fmt, emptyText, points) {
  const g = frame(canvas), ctx = g.ctx;
  if (!(points > 0)) return noData(g, canvas, emptyText);
  const max = axisMax(Math.max(0, ...series.flatMap(s => s.values)), fmt);
  yGrid(g, max, fmt);
  const slot = (g.r - g.l) / labels.length, bw = Math.max(1, slot * 0.8 / series.length);
  const every = Math.max(1, Math.ceil(labels.length * 40 / (g.r - g.l)));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  labels.forEach((label, i) => {
    series.forEach((s, j) => {
      const v = s.values[i] || 0;
      if (!v) return;
      const y = g.b - (g.b - g.t) * v / max;
      ctx.fillStyle = s.color;
      ctx.fillRect(g.l + slot * i + slot * 0.1 + bw * j, y, Math.max(1, bw - 0.5), g.b - y);
    });
    if (i % every === 0) { ctx.fillStyle = '#6b7280'; ctx.fillText(label, g.l + slot * (i + 0.5), g.b + 5); }
  });
  canvas.setAttribute('data-points', String(points));
}

const sum = a => a.reduce((x, y) => x + y, 0);

function renderTable(parent, t, bounds) {
  const s = section(parent, 'table:' + t.table, t.table);
  const key = t.table;
  const commits = t.commits, last = commits[commits.length - 1];
  const files = sum(t.file_sizes.written), bytes = sum(commits.map(c => c[2]));
  s.summary.textContent = commits.length
    ? `${commits.length} recent commits, ${fmtNum(sum(commits.map(c => c[1])))} records, ${fmtNum(files)} files ` +
      `(avg ${fmtBytes(bytes / Math.max(1, sum(commits.map(c => c[3]))))}); last commit ${fmtClock(last[0])}` +
      (t.compactions.length ? `; ${t.compactions.length} compaction runs` : '')
    : 'no commit yet';
  timePlot(panel(s.grid, key + '/commits', 'Commits: records per commit', 'commits', key, [['records', C.records]]),
           [{ color: C.records, bars: true, points: commits.map(c => [c[0], c[1]]) }], fmtNum, 'no commit yet');
  const labels = bounds.map(b => '\u2264' + fmtBytes(b, true)).concat(['>' + fmtBytes(bounds[bounds.length - 1], true)]);
  const fs = t.file_sizes;
  barPlot(panel(s.grid, key + '/sizes', 'File sizes: files per size, before / after compaction', 'file-sizes', key,
                [['written by ingest', C.written], ['compaction input', C.cin], ['compaction output', C.cout]]),
          labels, [{ color: C.written, values: fs.written }, { color: C.cin, values: fs.compaction_input },
                   { color: C.cout, values: fs.compaction_output }],
          fmtNum, 'no file yet', sum(fs.written) + sum(fs.compaction_output));
  timePlot(panel(s.grid, key + '/latency', 'Freshness: end-to-end latency per commit', 'latency', key,
                 [['Kafka timestamp (or event time) to commit', C.latency]]),
           [{ color: C.latency, points: commits.map(c => [c[0], c[5]]) }], fmtSecs, 'no timestamps to measure');
  timePlot(panel(s.grid, key + '/delay', 'Freshness inside firn: longest wait per commit', 'delay', key,
                 [['first record read to commit', C.delay]]),
           [{ color: C.delay, points: commits.map(c => [c[0], c[6]]) }], fmtSecs, 'no commit yet');
  if (t.compactions.length) {
    timePlot(panel(s.grid, key + '/compactions', 'Compaction: files per run, before and after', 'compactions', key,
                   [['files rewritten', C.before], ['files written', C.after]]),
             [{ color: C.before, bars: true, points: t.compactions.map(c => [c[0], c[1]]) },
              { color: C.after, bars: true, points: t.compactions.map(c => [c[0], c[3]]) }], fmtNum, '');
  }
}

function renderLag(parent, l) {
  const s = section(parent, 'topic:' + l.topic, 'Topic ' + l.topic);
  const now = l.partitions.map(p => p[1]);
  s.summary.textContent = `consumer lag ${fmtNum(sum(now))} records over ${now.length} owned partitions`;
  timePlot(panel(s.grid, l.topic + '/lag', 'Consumer lag over time (records)', 'lag', l.topic, [['lag, all partitions', C.lag]]),
           [{ color: C.lag, points: l.points }], fmtNum, 'no lag sample yet');
  barPlot(panel(s.grid, l.topic + '/partitions', 'Consumer lag per partition now', 'partition-lag', l.topic,
                [['lag', C.part]]),
          l.partitions.map(p => String(p[0])), [{ color: C.part, values: now }], fmtNum, 'no partition owned',
          l.partitions.length);
}

function renderHealth(h) {
  const st = document.getElementById('status');
  st.textContent = h.status;
  st.className = h.status === 'ok' ? 'ok' : 'bad';
  document.getElementById('uptime').textContent = fmtSecs(h.uptime_seconds);
  document.getElementById('records').textContent = fmtNum(h.records_in);
  document.getElementById('commits').textContent = fmtNum(h.commits);
  document.getElementById('dlq').textContent = fmtNum(h.records_dead_lettered);
  document.getElementById('lag').textContent = h.lag ? fmtNum(h.lag.total) : '-';
}

async function poll() {
  try {
    const [series, health] = await Promise.all(
      [fetch('api/series', { cache: 'no-store' }), fetch('health', { cache: 'no-store' })]
        .map(p => p.then(r => { if (!r.ok) throw new Error(r.status); return r.json(); })));
    const tables = document.getElementById('tables');
    if (series.tables.length && tables.querySelector('.none')) tables.textContent = '';
    for (const t of series.tables) renderTable(tables, t, series.size_bounds);
    const topics = document.getElementById('topics');
    for (const l of series.lag) renderLag(topics, l);
    renderHealth(health);
    document.getElementById('updated').textContent = 'updated ' + fmtClock(series.now_ms);
    document.getElementById('banner').style.display = 'none';
    document.body.setAttribute('data-loaded', '1');
  } catch (e) {
    document.getElementById('banner').style.display = 'block';
  }
}
poll();
setInterval(poll, 2000);
)js";

}  // namespace firn::observe
