// nfiwatch live page: polls the agent's per-probe history and draws it with uPlot.
// Served by the agent itself; every request goes to the page's own origin.
(function () {
  "use strict";

  var POLL_MILLIS = 2000;
  var CHART_HEIGHT = 220;
  var SPIKE_COLOR = "#d62728";
  var ONSET_COLOR = "#ff7f0e";

  // One entry per chart: which history columns it plots and how.
  var CHARTS = [
    {
      id: "loss", title: "Loss", log: true,
      caption: "Mean cross-entropy of each batch (log scale). Red lines mark loss-spike starts.",
      series: [{ key: "loss", label: "loss", color: "#1f77b4" }]
    },
    {
      id: "shares", title: "Absorbed / partial / dead share",
      caption: "Share of samples whose correct-class gradient was absorbed (exactly 0), partially absorbed, or all-zero.",
      minZero: true,
      series: [
        { key: "absorbed", label: "absorbed", color: "#d62728" },
        { key: "partial", label: "partial", color: "#ff7f0e" },
        { key: "dead", label: "dead", color: "#7f7f7f" }
      ]
    },
    {
      id: "residual", title: "Zero-sum residual",
      caption: "Signed batch residual Σg over the wrong-class mass Σ|g≠c|: 0 in exact arithmetic, 1 when every sample is absorbed.",
      series: [{ key: "residual", label: "residual ratio", color: "#8c564b" }]
    },
    {
      id: "gap", title: "Logit gap (nats)",
      caption: "Correct-class logit minus the best other: batch minimum and median. Dashed: the format's absorption threshold ln(1/u).",
      series: [
        { key: "gapMin", label: "min gap", color: "#9467bd" },
        { key: "gapMedian", label: "median gap", color: "#2ca02c" },
        { key: "threshold", label: "threshold", color: "#d62728", dash: [6, 4] }
      ]
    },
    {
      id: "norms", title: "‖w̄‖ and ‖h̄‖", log: true,
      caption: "Norm of the classifier's mean row and of the mean feature (log scale): NFI is a straight rise.",
      series: [
        { key: "wBarNorm", label: "‖w̄‖", color: "#1f77b4" },
        { key: "hBarNorm", label: "‖h̄‖", color: "#e377c2" }
      ]
    },
    {
      id: "growth", title: "Growth rate (per step)",
      caption: "Exponential growth rate of ‖w̄‖ and ‖h̄‖: slope of ln‖·‖ against step over the onset detector's window.",
      series: [
        { key: "wBarGrowth", label: "‖w̄‖ rate", color: "#1f77b4" },
        { key: "hBarGrowth", label: "‖h̄‖ rate", color: "#e377c2" }
      ]
    }
  ];

  var sections = {}; // "probe/model" -> section state
  var state = { updates: 0, failures: 0, sections: sections, model: null, doc: null };
  window.nfiwatch = state;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Axis and legend numbers: 3 significant digits, exponent notation for very small or large ones.
  function formatValue(v) {
    if (v === null || v === undefined) return "--";
    if (v === 0) return "0";
    var abs = Math.abs(v);
    if (abs < 1e-3 || abs >= 1e5) return Number(v.toPrecision(3)).toExponential().replace("e+", "e");
    return String(Number(v.toPrecision(3)));
  }

  function formatCount(n) {
    return Number(n).toLocaleString("en-US");
  }

  // Log scales cannot show values <= 0: those become gaps.
  function positiveOnly(values) {
    return values.map(function (v) { return v !== null && v > 0 ? v : null; });
  }

  function hasValue(values) {
    for (var i = 0; i < values.length; i++) if (values[i] !== null) return true;
    return false;
  }

  function markersPlugin(section) {
    function drawLines(u, steps, color, dash) {
      var ctx = u.ctx;
      var top = u.bbox.top;
      var bottom = u.bbox.top + u.bbox.height;
      ctx.save();
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.setLineDash(dash);
      steps.forEach(function (step) {
        var x = Math.round(u.valToPos(step, "x", true));
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.stroke();
      });
      ctx.restore();
    }
    return {
      hooks: {
        draw: [function (u) {
          drawLines(u, section.spikes, SPIKE_COLOR, []);
          drawLines(u, section.onsets, ONSET_COLOR, [5 * devicePixelRatio, 4 * devicePixelRatio]);
        }]
      }
    };
  }

  function chartWidth(card) {
    return Math.max(300, card.clientWidth - 24);
  }

  function chartData(def, probe) {
    var series = probe.series;
    var data = [series.step];
    def.series.forEach(function (s) {
      var values;
      if (s.key === "threshold") {
        values = series.step.map(function () { return probe.gapThreshold; });
      } else {
        values = series[s.key];
      }
      data.push(def.log ? positiveOnly(values) : values);
    });
    return data;
  }

  function measured(def, probe) {
    return def.series.some(function (s) {
      return s.key !== "threshold" && hasValue(probe.series[s.key]);
    });
  }

  function makeChart(def, chart, section, data) {
    var yScale = { auto: true };
    if (def.log) {
      yScale = { distr: 3, log: 10 };
    } else if (def.minZero) {
      yScale = { range: function (u, min, max) { return [0, Math.max(max, 0.05) * 1.05]; } };
    }
    var opts = {
      width: chartWidth(chart.card),
      height: CHART_HEIGHT,
      scales: { x: { time: false }, y: yScale },
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
      series: [{ label: "step" }].concat(def.series.map(function (s) {
        return {
          label: s.label, stroke: s.color, width: 1.5, dash: s.dash, spanGaps: false,
          points: { show: false }, value: function (u, v) { return formatValue(v); }
        };
      })),
      axes: [
        { label: "step" },
        {
          size: 64,
          // log axes pass null for the minor ticks they leave unlabelled
          values: function (u, splits) {
            return splits.map(function (v) { return v === null ? null : formatValue(v); });
          }
        }
      ],
      plugins: [markersPlugin(section)]
    };
    chart.plot = new uPlot(opts, data, chart.box);
  }

  function key(probe) {
    return probe.probe + "/" + probe.model;
  }

  function buildSection(probe) {
    var root = el("section", "probe");
    var header = el("div", "probe-header");
    var title = el("h2", null, probe.probe);
    var model = el("span", "model", "model " + probe.model);
    var verdict = el("span", "verdict");
    var facts = el("span", "facts");
    header.appendChild(title);
    header.appendChild(model);
    header.appendChild(verdict);
    header.appendChild(facts);
    root.appendChild(header);
    var grid = el("div", "charts");
    root.appendChild(grid);
    var section = { probe: probe.probe, model: probe.model, modelLabel: model, root: root, verdict: verdict, facts: facts, charts: {}, spikes: [], onsets: [] };
    CHARTS.forEach(function (def) {
      var card = el("div", "card");
      card.dataset.chart = def.id;
      card.appendChild(el("h3", null, def.title));
      card.appendChild(el("p", "caption", def.caption));
      var box = el("div", "chart");
      var na = el("div", "na", "n/a: not measured yet");
      card.appendChild(box);
      card.appendChild(na);
      grid.appendChild(card);
      section.charts[def.id] = { def: def, card: card, box: box, na: na, plot: null };
    });
    document.getElementById("probes").appendChild(root);
    return section;
  }

  function fact(parent, name, value) {
    parent.appendChild(document.createTextNode(name + " "));
    parent.appendChild(el("b", null, value));
    parent.appendChild(document.createTextNode("   "));
  }

  function updateSection(section, probe) {
    section.spikes = probe.spikes.steps;
    section.onsets = probe.onsets.steps;
    section.verdict.textContent = probe.verdict;
    section.verdict.className = "verdict " + probe.verdict.toLowerCase().replace(/\s+/g, "-");
    section.facts.textContent = "";
    fact(section.facts, "dtype", probe.dtype);
    fact(section.facts, "mode", probe.mode);
    fact(section.facts, "steps", formatCount(probe.steps));
    fact(section.facts, "last step", formatCount(probe.lastStep));
    fact(section.facts, "spikes", formatCount(probe.spikes.total));
    fact(section.facts, "onsets", formatCount(probe.onsets.total));
    fact(section.facts, "points", probe.points + " × " + probe.stride + " step" + (probe.stride > 1 ? "s" : ""));
    CHARTS.forEach(function (def) {
      var chart = section.charts[def.id];
      var has = probe.points > 0 && measured(def, probe);
      chart.na.style.display = has ? "none" : "";
      chart.box.style.display = has ? "" : "none";
      if (!has) return;
      var data = chartData(def, probe);
      if (chart.plot === null) {
        makeChart(def, chart, section, data);
      } else {
        chart.plot.setData(data);
      }
    });
  }

  // The models seen so far, in the agent's order; with more than one, the picker shows them.
  function updatePicker(models) {
    var pick = document.getElementById("model-pick");
    var select = document.getElementById("model");
    pick.hidden = models.length < 2;
    if (models.indexOf(state.model) < 0) {
      var wanted = decodeURIComponent((location.hash.match(/model=([^&]*)/) || [])[1] || "");
      state.model = models.indexOf(wanted) >= 0 ? wanted : models[0];
    }
    if (select.options.length !== models.length) {
      select.textContent = "";
      models.forEach(function (model) { select.appendChild(el("option", null, model)); });
    }
    select.value = state.model;
  }

  function render(doc) {
    state.doc = doc;
    // a probe's model appears with its first analysed batch
    var active = doc.probes.filter(function (probe) { return probe.steps > 0; });
    document.getElementById("no-probes").style.display = active.length ? "none" : "";
    var models = [];
    active.forEach(function (probe) {
      if (models.indexOf(probe.model) < 0) models.push(probe.model);
    });
    updatePicker(models);
    active.forEach(function (probe) {
      var section = sections[key(probe)] || (sections[key(probe)] = buildSection(probe));
      var shown = probe.model === state.model;
      section.root.hidden = !shown;
      section.modelLabel.hidden = models.length < 2;
      if (shown) updateSection(section, probe);
    });
  }

  document.getElementById("model").addEventListener("change", function (event) {
    state.model = event.target.value;
    history.replaceState(null, "", "#model=" + encodeURIComponent(state.model));
    if (state.doc) render(state.doc);
  });

  function setStatus(text, stale) {
    var status = document.getElementById("status");
    status.textContent = text;
    status.className = stale ? "status stale" : "status";
  }

  function poll() {
    fetch("api/history", { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (doc) {
        render(doc);
        state.updates++;
        setStatus("updated " + new Date().toLocaleTimeString() + " · every " + POLL_MILLIS / 1000 + " s", false);
      })
      .catch(function (error) {
        state.failures++;
        setStatus("agent not reachable (" + error.message + "); the training JVM may have exited", true);
      })
      .then(function () { setTimeout(poll, POLL_MILLIS); });
  }

  window.addEventListener("resize", function () {
    Object.keys(sections).forEach(function (name) {
      var charts = sections[name].charts;
      Object.keys(charts).forEach(function (id) {
        var chart = charts[id];
        if (chart.plot) chart.plot.setSize({ width: chartWidth(chart.card), height: CHART_HEIGHT });
      });
    });
  });

  poll();
})();
