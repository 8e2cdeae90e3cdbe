/*
 * passk charts: the one drawing code of the offline HTML report and of the live dashboard.
 * Input: LearnerMetrics records as written by dev.passk.report.MetricsJsonl (one JSON object per
 * learner step, keys = Avro field names) and summary rows (dev.passk.report.RunSummary#toJson).
 * Output: plain SVG, no library. Every drawn data element has class "mark" (browser tests count them).
 *   PasskCharts.fromEmbedded(rootId, dataId)  the report: data in a <script type="application/json">
 *   PasskCharts.live(rootId, eventsUrl)       the dashboard: records and summaries by server-sent events
 */
(function (global) {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
  var WIDTH = 460, HEIGHT = 270, SMALL_WIDTH = 300, SMALL_HEIGHT = 220;
  var MARGIN = {left: 58, right: 14, top: 12, bottom: 40};
  var HISTOGRAM_BINS = 20;
  var CSS = [
    '.passk{font:14px/1.4 system-ui,sans-serif;color:#222;max-width:1460px}',
    '.passk h2{font-size:17px;margin:18px 0 6px}',
    '.passk .status{color:#555;margin:4px 0 10px}',
    '.passk table{border-collapse:collapse;margin:6px 0 14px}',
    '.passk th,.passk td{border:1px solid #ccc;padding:3px 9px;text-align:right}',
    '.passk th:first-child,.passk td:first-child,.passk td:nth-child(2){text-align:left}',
    '.passk .grid{display:flex;flex-wrap:wrap;gap:14px}',
    '.passk figure{margin:0;border:1px solid #ddd;border-radius:4px;padding:8px;background:#fff}',
    '.passk figcaption{max-width:' + WIDTH + 'px;margin-bottom:4px}',
    '.passk figure.wide figcaption{max-width:none}',
    '.passk .multiples{display:flex;flex-wrap:wrap;gap:6px}',
    '.passk .legend span{display:inline-block;margin-right:12px;font-size:12px}',
    '.passk .legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-2px}',
    '.passk svg text{font-size:11px;fill:#444}',
    '.passk .axis{stroke:#888}', '.passk .gridline{stroke:#eee}', '.passk .zero{stroke:#666;stroke-dasharray:4 3}',
    '.passk .empty{fill:#999;font-size:13px}'
  ].join('\n');

  /* ---------- the charts: title, one-sentence caption, how to draw ---------- */

  var CHARTS = [
    {id: 'pass1', title: 'pass@1 over steps',
      caption: 'Held-out pass@1 at each evaluation step, one line per run (objective).',
      draw: function (c, fig) { plot(fig.plot, c.evaluationSeries('pass1', function (e) { return e.pass1; })); }},
    {id: 'passk', title: 'pass@k over steps',
      caption: 'Held-out pass@k at the largest evaluated k, one line per run (objective).',
      draw: function (c, fig) {
        var k = c.largestEvaluatedK();
        fig.title.textContent = 'pass@' + (k === null ? 'k' : k) + ' over steps';
        plot(fig.plot, c.evaluationSeries('pass@' + k, function (e) { return k === null ? NaN : e.passAtK[k]; }));
      }},
    {id: 'inner', title: '<g_k, g_1> over steps',
      caption: 'Estimated inner product of the pass@k and pass@1 gradients at each step; below the dashed zero line the pass@k update lowers pass@1 to first order.',
      draw: function (c, fig) { plot(fig.plot, c.interferenceSeries('<g_k, g_1>', 'innerKOne')); }},
    {id: 'cosine', title: 'cos(g_k, g_1) over steps',
      caption: 'Cosine between the pass@k and pass@1 gradients at each step: 1 means they point the same way, negative means they conflict.',
      draw: function (c, fig) { plot(fig.plot, c.interferenceSeries('cos(g_k, g_1)', 'cosine')); }},
    {id: 'kcurve', title: 'k-curve with k*',
      caption: '<g_k, g_1> as a function of k at the chosen step, one line per run; the vertical line marks k*, the smallest k where it turns negative.',
      draw: function (c, fig) { plot(fig.plot, c.kCurveSpec()); }},
    {id: 'scatter', title: 'agreement vs success', wide: true,
      caption: 'Per-prompt agreement a(x) = <g(x), mean of the other g> against its success rate p(x) at the chosen step, one panel per run; colour is the pass@k weight w_k(p) (blue low, red high).',
      draw: function (c, fig) { c.drawScatters(fig.plot); }},
    {id: 'histogram', title: 'histogram of agreement',
      caption: 'Distribution of the per-prompt agreement a(x) over all steps up to the chosen one, one colour per run; mass left of zero is prompts whose gradient opposes the rest.',
      draw: function (c, fig) { plot(fig.plot, c.histogramSpec()); }},
    {id: 'predicted', title: 'predicted vs measured pass@1 change',
      caption: 'Change of held-out pass@1 between consecutive evaluations, predicted to first order (sum of <g_1, u>) against measured; points near the diagonal mean the linear prediction holds.',
      draw: function (c, fig) { plot(fig.plot, c.predictionSpec()); }}
  ];

  /* ---------- the state: runs and their records ---------- */

  function PasskCharts(root) {
    this.root = root;
    this.runs = [];
    this.runById = {};
    this.summaryById = {};
    this.chosenStep = null; // null: follow the latest step
    this.pending = false;
    this.build();
  }

  PasskCharts.prototype.add = function (record) {
    var run = this.runById[record.runId];
    if (!run) {
      run = {id: record.runId, objective: record.objective, color: PALETTE[this.runs.length % PALETTE.length], byStep: {}};
      this.runById[record.runId] = run;
      this.runs.push(run);
    }
    run.objective = record.objective;
    run.byStep[record.step] = record;
    run.sorted = null;
    this.schedule();
  };

  PasskCharts.prototype.setSummary = function (rows) {
    for (var i = 0; i < rows.length; i++) {
      this.summaryById[rows[i].runId] = rows[i];
    }
    this.schedule();
  };

  PasskCharts.prototype.setStatus = function (text) {
    this.statusText = text;
    this.schedule();
  };

  /** Redraws once after a burst of updates (a late browser receives the history at once). */
  PasskCharts.prototype.schedule = function () {
    var self = this;
    if (!this.pending) {
      this.pending = true;
      setTimeout(function () { self.pending = false; self.draw(); }, 30);
    }
  };

  PasskCharts.prototype.records = function (run) {
    if (!run.sorted) {
      run.sorted = Object.keys(run.byStep).map(function (s) { return run.byStep[s]; })
          .sort(function (a, b) { return a.step - b.step; });
    }
    return run.sorted;
  };

  PasskCharts.prototype.label = function (run) {
    return run.objective + ' (' + run.id + ')';
  };

  /* ---------- the page ---------- */

  PasskCharts.prototype.build = function () {
    var style = document.createElement('style');
    style.textContent = CSS;
    document.head.appendChild(style);
    this.root.classList.add('passk');
    this.status = append(this.root, 'div', {'class': 'status'});
    append(this.root, 'h2').textContent = 'Summary';
    this.table = append(this.root, 'table', {'class': 'summary'});
    append(this.root, 'h2').textContent = 'Charts';
    var controls = append(this.root, 'div', {'class': 'controls'});
    append(controls, 'label', {'for': 'passk-step'}).textContent = 'Step for the k-curve, scatter and histogram: ';
    this.slider = append(controls, 'input', {type: 'range', id: 'passk-step', min: 0, max: 0, value: 0});
    this.sliderLabel = append(controls, 'span');
    var self = this;
    this.slider.addEventListener('input', function () {
      var steps = self.interferenceSteps();
      var i = Number(self.slider.value);
      self.chosenStep = i >= steps.length - 1 ? null : steps[i];
      self.draw();
    });
    var grid = append(this.root, 'div', {'class': 'grid'});
    this.figures = CHARTS.map(function (chart) {
      var figure = append(grid, 'figure', {'class': 'chart' + (chart.wide ? ' wide' : ''), 'data-chart': chart.id});
      var caption = append(figure, 'figcaption');
      var title = append(caption, 'b');
      title.textContent = chart.title;
      append(caption, 'span').textContent = ' ' + chart.caption;
      return {chart: chart, figure: figure, title: title, plot: append(figure, 'div', {'class': 'plot'}),
        legend: append(figure, 'div', {'class': 'legend'})};
    });
  };

  PasskCharts.prototype.draw = function () {
    var total = 0, self = this;
    this.runs.forEach(function (run) { total += self.records(run).length; });
    this.root.setAttribute('data-records', total);
    this.status.textContent = this.runs.length + ' run(s), ' + total + ' step record(s)'
        + (this.statusText ? ' \u2014 ' + this.statusText : '');
    this.drawSummary();
    this.drawSlider();
    this.figures.forEach(function (fig) {
      clear(fig.plot);
      fig.chart.draw(self, fig);
      fig.figure.setAttribute('data-marks', fig.plot.querySelectorAll('.mark').length);
      self.drawLegend(fig.legend, fig.chart.id);
    });
  };

  PasskCharts.prototype.drawSummary = function () {
    var self = this;
    clear(this.table);
    var head = append(append(this.table, 'thead'), 'tr');
    ['run', 'objective', 'steps', 'final pass@1', 'final pass@k', 'steps with <g_k, g_1> < 0', 'k*']
        .forEach(function (h) { append(head, 'th').textContent = h; });
    var body = append(this.table, 'tbody');
    this.runs.forEach(function (run) {
      var s = self.summaryById[run.id];
      if (!s) {
        return;
      }
      var cells = [s.runId, s.objective, s.steps, fixed(s.finalPass1),
        s.k === null ? '\u2013' : fixed(s.finalPassK) + ' (k=' + s.k + ')',
        s.negativeInnerShare === null ? '\u2013'
            : Math.round(100 * s.negativeInnerShare) + '% of ' + s.interferenceSteps,
        s.kStar === null ? 'none' : s.kStar];
      var tr = append(body, 'tr', {'data-run': run.id});
      cells.forEach(function (v) { append(tr, 'td').textContent = String(v); });
    });
  };

  PasskCharts.prototype.drawSlider = function () {
    var steps = this.interferenceSteps();
    this.slider.max = Math.max(0, steps.length - 1);
    if (this.chosenStep === null) {
      this.slider.value = this.slider.max;
    }
    this.sliderLabel.textContent = this.chosenStep === null ? ' latest' : ' step ' + this.chosenStep;
  };

  PasskCharts.prototype.drawLegend = function (el, chartId) {
    clear(el);
    var self = this;
    this.runs.forEach(function (run) {
      var item = append(el, 'span');
      append(item, 'i', {style: 'background:' + run.color});
      item.appendChild(document.createTextNode(self.label(run)));
    });
    if (chartId === 'pass1' || chartId === 'passk') {
      append(el, 'span').textContent = 'dots: evaluations';
    }
    if (chartId === 'scatter') {
      var scale = append(el, 'span');
      [0, 0.25, 0.5, 0.75, 1].forEach(function (t) { append(scale, 'i', {style: 'background:' + weightColor(t)}); });
      scale.appendChild(document.createTextNode('w_k from 0 to the panel\'s largest'));
    }
  };

  /* ---------- what each chart shows ---------- */

  PasskCharts.prototype.evaluationSeries = function (yLabel, value) {
    var self = this;
    return {xLabel: 'step', yLabel: yLabel, series: this.runs.map(function (run) {
      var points = [];
      self.records(run).forEach(function (r) {
        if (r.evaluation) {
          points.push([r.step, num(value(r.evaluation))]);
        }
      });
      return {color: run.color, points: points, line: true, dots: true};
    })};
  };

  PasskCharts.prototype.largestEvaluatedK = function () {
    var k = null, self = this;
    this.runs.forEach(function (run) {
      self.records(run).forEach(function (r) {
        if (r.evaluation) {
          Object.keys(r.evaluation.passAtK).forEach(function (key) { k = Math.max(k === null ? 0 : k, Number(key)); });
        }
      });
    });
    return k;
  };

  PasskCharts.prototype.interferenceSeries = function (yLabel, field) {
    var self = this;
    return {xLabel: 'step', yLabel: yLabel, zeroLine: true, series: this.runs.map(function (run) {
      var points = [];
      self.records(run).forEach(function (r) {
        if (r.interference) {
          points.push([r.step, num(r.interference[field])]);
        }
      });
      return {color: run.color, points: points, line: true, dots: points.length < 60};
    })};
  };

  /** Steps (ascending, all runs) that carry an interference report: the slider's positions. */
  PasskCharts.prototype.interferenceSteps = function () {
    var seen = {}, self = this;
    this.runs.forEach(function (run) {
      self.records(run).forEach(function (r) { if (r.interference) { seen[r.step] = true; } });
    });
    return Object.keys(seen).map(Number).sort(function (a, b) { return a - b; });
  };

  /** The run's last record with an interference report at or before the chosen step. */
  PasskCharts.prototype.chosenRecord = function (run) {
    var records = this.records(run), chosen = null;
    for (var i = 0; i < records.length; i++) {
      if (records[i].interference && (this.chosenStep === null || records[i].step <= this.chosenStep)) {
        chosen = records[i];
      }
    }
    return chosen;
  };

  PasskCharts.prototype.kCurveSpec = function () {
    var self = this, series = [], vlines = [];
    this.runs.forEach(function (run) {
      var r = self.chosenRecord(run);
      if (!r) {
        return;
      }
      series.push({color: run.color, line: true, dots: true,
        points: r.interference.kCurve.map(function (v, i) { return [i + 1, num(v)]; })});
      if (r.interference.kStar !== null) {
        vlines.push({x: r.interference.kStar, color: run.color, label: 'k*=' + r.interference.kStar});
      }
    });
    return {xLabel: 'k', yLabel: '<g_k, g_1>', zeroLine: true, series: series, vlines: vlines};
  };

  PasskCharts.prototype.drawScatters = function (container) {
    var self = this, panels = append(container, 'div', {'class': 'multiples'}), any = false;
    this.runs.forEach(function (run) {
      var r = self.chosenRecord(run);
      if (!r) {
        return;
      }
      any = true;
      var weights = r.interference.weights.map(num);
      var largest = Math.max.apply(null, weights.filter(isFinite).concat([1e-12]));
      var points = r.interference.agreements.map(function (a, i) {
        return [num(r.successRates[i]), num(a), weightColor(weights[i] / largest)];
      });
      plot(append(panels, 'div'), {xLabel: 'success rate p(x)', yLabel: 'agreement a(x)', zeroLine: true,
        width: SMALL_WIDTH, height: SMALL_HEIGHT, title: self.label(run) + ', step ' + r.step,
        series: [{color: run.color, points: points, dots: true}]});
    });
    if (!any) {
      plot(panels, {xLabel: 'success rate p(x)', yLabel: 'agreement a(x)', series: []});
    }
  };

  PasskCharts.prototype.histogramSpec = function () {
    var self = this, perRun = [], all = [];
    this.runs.forEach(function (run) {
      var values = [];
      self.records(run).forEach(function (r) {
        if (r.interference && (self.chosenStep === null || r.step <= self.chosenStep)) {
          r.interference.agreements.map(num).filter(isFinite).forEach(function (a) { values.push(a); all.push(a); });
        }
      });
      perRun.push({run: run, values: values});
    });
    if (all.length === 0) {
      return {xLabel: 'agreement a(x)', yLabel: 'prompts', series: []};
    }
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    if (hi === lo) {
      lo -= 0.5;
      hi += 0.5;
    }
    var width = (hi - lo) / HISTOGRAM_BINS;
    return {xLabel: 'agreement a(x)', yLabel: 'prompts', zeroLine: true, series: perRun.map(function (p) {
      var counts = [];
      for (var b = 0; b < HISTOGRAM_BINS; b++) {
        counts.push(0);
      }
      p.values.forEach(function (a) { counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((a - lo) / width))]++; });
      return {color: p.run.color, bars: counts.map(function (n, b) { return [lo + b * width, lo + (b + 1) * width, n]; })
          .filter(function (bar) { return bar[2] > 0; })};
    })};
  };

  PasskCharts.prototype.predictionSpec = function () {
    var self = this;
    return {xLabel: 'predicted change of pass@1', yLabel: 'measured change of pass@1', diagonal: true,
      series: this.runs.map(function (run) {
        var points = [], first = true;
        self.records(run).forEach(function (r) {
          if (r.evaluation) {
            if (!first) { // the first evaluation has no previous one to differ from
              points.push([num(r.evaluation.predictedPass1Change), num(r.evaluation.measuredPass1Change)]);
            }
            first = false;
          }
        });
        return {color: run.color, points: points, dots: true};
      })};
  };

  /* ---------- a small SVG plotter ---------- */

  /**
   * spec: {xLabel, yLabel, series: [{color, points: [[x, y, colour?]], line, dots} | {color, bars: [[x0, x1, y]]}],
   *        zeroLine, diagonal, vlines: [{x, color, label}], width, height, title}
   */
  function plot(container, spec) {
    var width = spec.width || WIDTH, height = spec.height || HEIGHT;
    var xs = [], ys = [];
    spec.series.forEach(function (s) {
      (s.points || []).forEach(function (p) {
        if (isFinite(p[0]) && isFinite(p[1])) { xs.push(p[0]); ys.push(p[1]); }
      });
      (s.bars || []).forEach(function (b) { xs.push(b[0], b[1]); ys.push(0, b[2]); });
    });
    (spec.vlines || []).forEach(function (v) { xs.push(v.x); });
    if (spec.zeroLine && ys.length) {
      ys.push(0);
    }
    var xDomain = domain(xs), yDomain = domain(ys);
    if (spec.diagonal) {
      xDomain = yDomain = domain(xs.concat(ys));
    }
    var svg = append(container, 'svg', {width: width, height: height, viewBox: '0 0 ' + width + ' ' + height}, SVG_NS);
    var left = MARGIN.left, right = width - MARGIN.right, top = MARGIN.top + (spec.title ? 14 : 0), bottom = height - MARGIN.bottom;
    var sx = function (x) { return left + (x - xDomain[0]) / (xDomain[1] - xDomain[0]) * (right - left); };
    var sy = function (y) { return bottom - (y - yDomain[0]) / (yDomain[1] - yDomain[0]) * (bottom - top); };
    if (spec.title) {
      text(svg, left, MARGIN.top + 2, spec.title, 'start');
    }
    ticks(xDomain[0], xDomain[1]).forEach(function (t) {
      line(svg, sx(t), top, sx(t), bottom, 'gridline');
      text(svg, sx(t), bottom + 14, format(t), 'middle');
    });
    ticks(yDomain[0], yDomain[1]).forEach(function (t) {
      line(svg, left, sy(t), right, sy(t), 'gridline');
      text(svg, left - 5, sy(t) + 4, format(t), 'end');
    });
    line(svg, left, bottom, right, bottom, 'axis');
    line(svg, left, top, left, bottom, 'axis');
    text(svg, (left + right) / 2, height - 6, spec.xLabel, 'middle');
    var yLabel = text(svg, 0, 0, spec.yLabel, 'middle');
    yLabel.setAttribute('transform', 'translate(13,' + (top + bottom) / 2 + ') rotate(-90)');
    if (xs.length === 0) {
      text(svg, (left + right) / 2, (top + bottom) / 2, 'waiting for data', 'middle').setAttribute('class', 'empty');
      return;
    }
    if (spec.zeroLine && yDomain[0] < 0 && yDomain[1] > 0) {
      line(svg, left, sy(0), right, sy(0), 'zero');
    }
    if (spec.diagonal) {
      line(svg, sx(xDomain[0]), sy(xDomain[0]), sx(xDomain[1]), sy(xDomain[1]), 'zero');
    }
    spec.series.forEach(function (s) {
      (s.bars || []).forEach(function (b) {
        append(svg, 'rect', {'class': 'mark', x: sx(b[0]), y: sy(b[2]), width: Math.max(1, sx(b[1]) - sx(b[0]) - 1),
          height: sy(0) - sy(b[2]), fill: s.color, 'fill-opacity': 0.45, stroke: s.color}, SVG_NS);
      });
      var points = s.points || [];
      if (s.line) {
        var d = '', pen = 'M';
        points.forEach(function (p) {
          if (isFinite(p[0]) && isFinite(p[1])) {
            d += pen + sx(p[0]).toFixed(1) + ',' + sy(p[1]).toFixed(1);
            pen = 'L';
          } else {
            pen = 'M'; // a gap where the value is not a number
          }
        });
        if (d) {
          append(svg, 'path', {'class': 'mark', d: d, fill: 'none', stroke: s.color, 'stroke-width': 1.8}, SVG_NS);
        }
      }
      if (s.dots) {
        points.forEach(function (p) {
          if (isFinite(p[0]) && isFinite(p[1])) {
            append(svg, 'circle', {'class': 'mark', cx: sx(p[0]), cy: sy(p[1]), r: p[2] ? 3.5 : 2.6,
              fill: p[2] || s.color, stroke: p[2] ? '#333' : 'none', 'stroke-width': 0.5}, SVG_NS);
          }
        });
      }
    });
    (spec.vlines || []).forEach(function (v) {
      var mark = line(svg, sx(v.x), top, sx(v.x), bottom, 'mark');
      mark.setAttribute('stroke', v.color);
      mark.setAttribute('stroke-dasharray', '6 3');
      text(svg, sx(v.x) + 3, top + 10, v.label, 'start').setAttribute('fill', v.color);
    });
  }

  function domain(values) {
    var finite = values.filter(isFinite);
    if (finite.length === 0) {
      return [0, 1];
    }
    var lo = Math.min.apply(null, finite), hi = Math.max.apply(null, finite);
    if (hi === lo) {
      var pad = Math.abs(lo) * 0.1 || 1;
      return [lo - pad, hi + pad];
    }
    var margin = (hi - lo) * 0.05;
    return [lo - margin, hi + margin];
  }

  /** About five round tick values (1, 2 or 5 times a power of ten apart) inside [lo, hi]. */
  function ticks(lo, hi) {
    var raw = (hi - lo) / 5, power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * power; }).filter(function (s) { return s >= raw; })[0];
    var out = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
      out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    }
    return out;
  }

  function format(x) {
    return String(Number(x.toPrecision(4)));
  }

  function fixed(x) {
    return x === null || x === undefined ? '\u2013' : num(x).toFixed(3);
  }

  /** JSON numbers, and the strings MetricsJsonl writes for non-finite doubles. */
  function num(v) {
    if (typeof v === 'number') {
      return v;
    }
    return v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : NaN;
  }

  /** Blue (0) through pale yellow (0.5) to red (1). */
  function weightColor(t) {
    var stops = [[44, 123, 182], [255, 255, 191], [215, 25, 28]];
    var u = Math.max(0, Math.min(1, isFinite(t) ? t : 0)) * 2, i = Math.min(1, Math.floor(u)), f = u - i;
    var c = stops[i].map(function (a, j) { return Math.round(a + (stops[i + 1][j] - a) * f); });
    return 'rgb(' + c.join(',') + ')';
  }

  function append(parent, tag, attributes, ns) {
    var el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (a) { el.setAttribute(a, attributes[a]); });
    parent.appendChild(el);
    return el;
  }

  function line(svg, x1, y1, x2, y2, cls) {
    return append(svg, 'line', {x1: x1, y1: y1, x2: x2, y2: y2, 'class': cls}, SVG_NS);
  }

  function text(svg, x, y, content, anchor) {
    var t = append(svg, 'text', {x: x, y: y, 'text-anchor': anchor}, SVG_NS);
    t.textContent = content;
    return t;
  }

  function clear(el) {
    while (el.firstChild) {
      el.removeChild(el.firstChild);
    }
  }

  /* ---------- entry points ---------- */

  PasskCharts.fromEmbedded = function (rootId, dataId) {
    var data = JSON.parse(document.getElementById(dataId).textContent);
    var charts = new PasskCharts(document.getElementById(rootId));
    data.records.forEach(function (r) { charts.add(r); });
    charts.setSummary(data.summary);
    charts.draw();
    return charts;
  };

  /** Event "metrics": one record; event "summary": summary rows of the runs that changed. */
  PasskCharts.live = function (rootId, eventsUrl) {
    var charts = new PasskCharts(document.getElementById(rootId));
    var source = new EventSource(eventsUrl);
    source.addEventListener('metrics', function (e) { charts.add(JSON.parse(e.data)); });
    source.addEventListener('summary', function (e) { charts.setSummary(JSON.parse(e.data)); });
    source.onopen = function () { charts.setStatus('live'); };
    source.onerror = function () { charts.setStatus('connection lost, reconnecting'); };
    charts.draw();
    return charts;
  };

  global.PasskCharts = PasskCharts;
})(window);
