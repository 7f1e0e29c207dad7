/**
 * The browser script that draws the timeline from the embedded JSON (see timeline-data.ts). Plain
 * ES2017 in a string: it runs in the report's page, not in Node, and must not depend on a bundler.
 * Marks are one SVG path per status class (fast for 20k requests); after drawing, the figure gets
 * `data-marks` = the number of marks drawn, which the browser test compares with the trace.
 */
export const TIMELINE_SCRIPT = `(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var COLORS = ['#2e9d5b', '#9aa1ab', '#e29a12', '#d62f2f', '#7b3fbf', '#1d1d1d'];
  var SERIES = ['#1f5fbf', '#0f8a8a', '#b8549e', '#7a7a00', '#c15b12', '#4b4bb8', '#2f7d32', '#8c3b3b'];
  var dataEl = document.getElementById('timeline-data');
  var fig = document.getElementById('timeline');
  var tip = document.getElementById('timeline-tip');
  if (!dataEl || !fig) return;
  var d = JSON.parse(dataEl.textContent);
  var n = d.t.length;
  var laneIdx = d.lanes.map(function () { return []; });
  for (var i = 0; i < n; i++) laneIdx[d.lane[i]].push(i);
  laneIdx.forEach(function (list) { list.sort(function (a, b) { return d.t[a] - d.t[b]; }); });

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, String(attrs[k]));
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(str, attrs, parent) { var t = el('text', attrs, parent); t.textContent = str; return t; }
  function step(span, target) {
    var raw = span / target, mag = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / mag;
    return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
  }
  // Long runs get clock-like steps (15 s, 30 s, 1 min...) so m:ss labels read naturally.
  function clockStep(span, target) {
    var steps = [15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3];
    for (var i = 0; i < steps.length; i++) if (span / steps[i] <= target) return steps[i];
    return step(span, target);
  }
  function fmtS(ms, st) {
    var s = ms / 1000;
    if (d.durMs >= 120000) { var m = Math.floor(s / 60), r = Math.round(s - m * 60); return m + ':' + (r < 10 ? '0' : '') + r; }
    return st < 1000 ? s.toFixed(st < 100 ? 2 : 1) : String(Math.round(s));
  }

  var geom = null;
  function draw() {
    fig.textContent = '';
    var width = Math.max(640, Math.floor(fig.clientWidth || 1000));
    var mr = 18, laneH = 18, top = 6, axisH = 30;
    var lanesH = Math.max(1, d.lanes.length) * laneH;
    var remTop = top + lanesH + axisH + 26, remH = 150;
    var height = remTop + remH + axisH + 4;
    var svg = el('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height,
      role: 'img', 'aria-label': 'Timeline: one mark per request by lane, and X-RateLimit-Remaining over time' }, fig);
    // The label gutter fits the longest lane label as rendered (up to 35% of the width; longer
    // labels are cut with an ellipsis and keep their full text as a tooltip).
    var labels = d.lanes.map(function (name, li) {
      return text(name, { x: 0, y: top + li * laneH + laneH / 2 + 4, 'text-anchor': 'end', class: 'tl-label' }, svg);
    });
    function textW(t) {
      var w = t.getComputedTextLength ? t.getComputedTextLength() : 0;
      return w > 0 ? w : t.textContent.length * 7.2;
    }
    var longest = labels.reduce(function (m, t) { return Math.max(m, textW(t)); }, 0);
    var ml = Math.min(Math.floor(width * 0.35), Math.max(60, Math.ceil(longest) + 16));
    var span = Math.max(d.durMs, 1), pw = width - ml - mr;
    function x(t) { return ml + (t / span) * pw; }
    labels.forEach(function (t, li) {
      var name = d.lanes[li], cut = name;
      if (textW(t) > ml - 12) {
        while (cut.length > 1 && textW(t) > ml - 12) { cut = cut.slice(0, -1); t.textContent = cut + '…'; }
        el('title', {}, t).textContent = name;
      }
      t.setAttribute('x', String(ml - 8));
    });
    d.lanes.forEach(function (name, li) {
      var y = top + li * laneH;
      svg.insertBefore(el('rect', { x: ml, y: y, width: pw, height: laneH, fill: li % 2 ? '#f6f7f9' : '#ffffff' }), labels[0]);
    });
    var bandPath = '';
    d.bands.forEach(function (b) {
      var x0 = x(b[1]), w = Math.max(1.5, x(b[2]) - x0);
      bandPath += 'M' + x0.toFixed(1) + ' ' + (top + b[0] * laneH) + 'h' + w.toFixed(1) + 'v' + laneH + 'h' + (-w).toFixed(1) + 'z';
    });
    if (bandPath) el('path', { d: bandPath, fill: '#d62f2f', 'fill-opacity': 0.16, class: 'tl-bands' }, svg);

    function vlines(list, attrs) {
      var p = '';
      list.forEach(function (t) {
        if (t < 0 || t > span) return;
        var xx = x(t).toFixed(1);
        p += 'M' + xx + ' ' + top + 'V' + (top + lanesH) + 'M' + xx + ' ' + remTop + 'V' + (remTop + remH);
      });
      // Many windows: fade the lines so the marks stay readable.
      attrs['stroke-opacity'] = Math.min(1, Math.max(0.25, pw / 12 / Math.max(1, list.length)));
      if (p) { attrs.d = p; el('path', attrs, svg); }
    }
    vlines(d.resets, { stroke: '#1f5fbf', 'stroke-dasharray': '4 3', 'stroke-width': 1, fill: 'none', class: 'tl-resets' });
    vlines(d.bounds, { stroke: '#333', 'stroke-width': 1.5, fill: 'none', class: 'tl-bounds' });

    var parts = COLORS.map(function () { return []; });
    for (var i = 0; i < n; i++) {
      var y0 = top + d.lane[i] * laneH + 3;
      parts[d.cls[i]].push('M' + x(d.t[i]).toFixed(1) + ' ' + y0 + 'v' + (laneH - 6));
    }
    var total = 0;
    parts.forEach(function (list, c) {
      if (!list.length) return;
      total += list.length;
      el('path', { d: list.join(''), stroke: COLORS[c], 'stroke-width': 1.3, 'stroke-opacity': 0.85, fill: 'none',
        class: 'tl-marks', 'data-class': d.classes[c], 'data-count': list.length }, svg);
    });

    function axis(y0, label) {
      var target = Math.max(2, Math.floor(pw / 90));
      var st = d.durMs >= 120000 ? clockStep(span, target) : step(span, target);
      var p = 'M' + ml + ' ' + y0 + 'H' + (ml + pw);
      for (var t = 0; t <= span + 1e-9; t += st) {
        var xx = x(t);
        p += 'M' + xx.toFixed(1) + ' ' + y0 + 'v5';
        text(fmtS(t, st), { x: xx, y: y0 + 17, 'text-anchor': 'middle', class: 'tl-tick' }, svg);
      }
      el('path', { d: p, stroke: '#555', fill: 'none' }, svg);
      if (label) text(label, { x: ml + pw, y: y0 + 29, 'text-anchor': 'end', class: 'tl-axis-label' }, svg);
    }
    var unit = d.durMs >= 120000 ? 'time since first request (m:ss)' : 'time since first request (s)';
    axis(top + lanesH, unit);

    var ymax = d.limit;
    for (var j = 0; j < n; j++) if (d.rem[j] > ymax) ymax = d.rem[j];
    ymax = Math.max(1, ymax);
    function y(v) { return remTop + remH - (v / ymax) * remH; }
    text('X-RateLimit-Remaining', { x: ml, y: remTop - 8, class: 'tl-axis-label' }, svg);
    // Which line is which source (the first eight; more sources share faded colours).
    var lx = ml + 170;
    d.remSeries.slice(0, 8).forEach(function (s, si) {
      el('path', { d: 'M' + lx + ' ' + (remTop - 12) + 'h16', stroke: SERIES[si], 'stroke-width': 2 }, svg);
      var label = text(s.source, { x: lx + 20, y: remTop - 8, class: 'tl-tick' }, svg);
      lx += 28 + (label.getComputedTextLength ? label.getComputedTextLength() : 70);
    });
    if (d.remSeries.length > 8) text('+' + (d.remSeries.length - 8) + ' more', { x: lx, y: remTop - 8, class: 'tl-tick' }, svg);
    var ys = step(ymax, 4), grid = '';
    for (var v = 0; v <= ymax + 1e-9; v += ys) {
      grid += 'M' + ml + ' ' + y(v).toFixed(1) + 'H' + (ml + pw);
      text(String(Math.round(v)), { x: ml - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tl-tick' }, svg);
    }
    el('path', { d: grid, stroke: '#e3e6ea', fill: 'none' }, svg);
    el('path', { d: 'M' + ml + ' ' + y(d.limit) + 'H' + (ml + pw), stroke: '#999', 'stroke-dasharray': '2 3', fill: 'none' }, svg);
    d.remSeries.forEach(function (s, si) {
      if (!s.idx.length) return;
      var p = '';
      s.idx.forEach(function (i, k) {
        var xx = x(d.t[i] + Math.max(0, d.lat[i])).toFixed(1), yy = y(d.rem[i]).toFixed(1);
        p += (k === 0 ? 'M' + xx + ' ' + yy : 'H' + xx + 'V' + yy);
      });
      if (s.idx.length === 1) p += 'h4';
      el('path', { d: p, stroke: SERIES[si % SERIES.length], 'stroke-width': 1.4, fill: 'none', class: 'tl-remaining',
        'stroke-opacity': d.remSeries.length > 8 ? 0.5 : 0.9 }, svg);
    });
    axis(remTop + remH, unit);
    geom = { ml: ml, pw: pw, top: top, laneH: laneH, span: span, x: x };
    fig.setAttribute('data-marks', String(total));
    fig.setAttribute('data-drawn', 'true');
  }

  function nearest(list, t) {
    var lo = 0, hi = list.length - 1;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (d.t[list[mid]] < t) lo = mid + 1; else hi = mid; }
    var best = list[lo];
    if (lo > 0 && Math.abs(d.t[list[lo - 1]] - t) < Math.abs(d.t[best] - t)) best = list[lo - 1];
    return best;
  }
  fig.addEventListener('mousemove', function (ev) {
    if (!geom || !tip) return;
    var box = fig.getBoundingClientRect(), mx = ev.clientX - box.left, my = ev.clientY - box.top;
    var lane = Math.floor((my - geom.top) / geom.laneH);
    var list = laneIdx[lane];
    if (!list || !list.length || mx < geom.ml) { tip.hidden = true; return; }
    var i = nearest(list, ((mx - geom.ml) / geom.pw) * geom.span);
    if (Math.abs(geom.x(d.t[i]) - mx) > 8) { tip.hidden = true; return; }
    tip.textContent = 'seq ' + d.seq[i] + ' · ' + d.lanes[d.lane[i]] + ' · ' + (d.status[i] || 'network error') +
      ' · t=' + (d.t[i] / 1000).toFixed(3) + ' s' + (d.rem[i] >= 0 ? ' · Remaining ' + d.rem[i] : '') +
      (d.lat[i] >= 0 ? ' · ' + d.lat[i] + ' ms' : '');
    tip.style.left = Math.min(mx + 12, box.width - 360) + 'px';
    tip.style.top = (my + 14) + 'px';
    tip.hidden = false;
  });
  fig.addEventListener('mouseleave', function () { if (tip) tip.hidden = true; });
  var pending = 0;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(draw, 150);
  });
  draw();
})();`;
