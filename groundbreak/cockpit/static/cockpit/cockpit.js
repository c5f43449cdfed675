/* The cockpit's charts (ECharts): every bar, slice, county and point opens the list behind it.
   The data and the URLs come from the page's JSON block (no inline script: CSP). */
(function () {
  "use strict";
  var block = document.getElementById("cockpit-data");
  if (!block || typeof echarts === "undefined") return;
  var data = JSON.parse(block.textContent);
  var charts = {};
  window.cockpitCharts = charts; // the browser tests click through a chart via its instance
  var LEVEL_COLOURS = { 3: "#d7263d", 2: "#f49d37", 1: "#e9c46a" };

  function go(url) { if (url) window.location.href = url; }

  function make(id, option) {
    var el = document.getElementById(id);
    if (!el) return null;
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    chart.on("click", function (p) {
      go((p.data && p.data.url) || (p.data && p.data.urls && p.data.urls[p.dataIndex]));
    });
    charts[el.dataset.chart] = chart;
    return chart;
  }

  function rateBars(id, rows) {
    return make(id, {
      grid: { left: 8, right: 30, top: 10, bottom: 10, containLabel: true },
      tooltip: { trigger: "item", formatter: function (p) {
        return p.name + "<br>" + p.data.done + " / " + p.data.plan + " · " + (p.value == null ? "—" : p.value + "%");
      } },
      xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
      series: [{ type: "bar", label: { show: true, position: "right", formatter: "{c}%" },
        data: rows.map(function (r) {
          return { value: r.rate, url: r.url, done: r.done, plan: r.plan, name: r.name };
        }) }]
    });
  }

  // Monthly curve: planned (time progress) against completed, this year and last.
  var curve = data.curve;
  make("chart-curve", {
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 16, top: 40, bottom: 10, containLabel: true },
    xAxis: { type: "category", data: curve.months },
    yAxis: { type: "value", name: curve.unit },
    series: curve.series.map(function (s, i) {
      var last = i < 2;
      return {
        name: s.name, type: "line", connectNulls: false,
        lineStyle: { type: s.kind === "plan" ? "dashed" : "solid", opacity: last ? 0.5 : 1 },
        symbolSize: s.kind === "plan" ? 2 : 7,
        data: s.data.map(function (v, m) { return { value: v, url: s.urls[m] }; })
      };
    })
  });

  rateBars("chart-county", data.county.rows);
  rateBars("chart-sector", data.field.rows.concat(data.sector.rows));

  make("chart-funnel", {
    tooltip: { trigger: "item", formatter: function (p) { return p.name + ": " + p.data.count + " · " + p.data.amount; } },
    series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "20%",
      label: { position: "inside", color: "#fff", formatter: function (p) { return p.name + " " + p.data.count; } },
      data: data.funnel.rows.map(function (r, i) {
        // Equal steps by position: a reserve bigger than the started would upend the funnel.
        return { name: r.label, value: 100 - i * 15, count: r.value, amount: r.amount, url: r.url };
      }) }]
  });

  var rows = data.warnings.rows;
  make("chart-warnings", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 30, bottom: 10, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
    series: data.warnings.levels.slice().reverse().map(function (lv) {
      return { name: lv[1], type: "bar", stack: "w", itemStyle: { color: LEVEL_COLOURS[lv[0]] },
        data: rows.map(function (r) { return { value: r.warnings[lv[0]], url: r.warning_urls[lv[0]] }; }) };
    })
  });

  // The map: counties coloured by completion rate or by live warnings; project points.
  var map = data.map, mapChart = null, mapBy = "rate";
  function mapOption() {
    var values = map.rows.map(function (r) {
      var w = r.warnings["1"] + r.warnings["2"] + r.warnings["3"];
      return { name: r.name, value: mapBy === "rate" ? r.rate : w, url: r.lagging_url };
    });
    var max = Math.max.apply(null, values.map(function (v) { return v.value || 0; }).concat([1]));
    return {
      tooltip: { trigger: "item", formatter: function (p) {
        return p.name + (p.value == null || isNaN(p.value) ? "" : ": " + p.value + (mapBy === "rate" ? "%" : ""));
      } },
      // the colour scale is the counties' only: the project points keep their own colour
      visualMap: { seriesIndex: 0, min: 0, max: mapBy === "rate" ? Math.max(100, max) : max, left: "center", bottom: 0, orient: "horizontal", itemHeight: 120,
        text: [map.labels[mapBy], ""], calculable: false,
        inRange: { color: mapBy === "rate" ? ["#d7263d", "#f49d37", "#e9c46a", "#2a9d8f"] : ["#f1f5f9", "#f49d37", "#d7263d"] } },
      geo: { map: map.city, roam: false, top: 10, bottom: 50, label: { show: true, fontSize: 10 }, itemStyle: { borderColor: "#555" } },
      series: [
        { type: "map", geoIndex: 0, data: values },
        { type: "scatter", coordinateSystem: "geo", symbolSize: 6, itemStyle: { color: "#1d3557" },
          name: map.labels.projects, data: map.points }
      ]
    };
  }
  if (map.geo_url && document.getElementById("chart-map")) {
    fetch(map.geo_url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap(map.city, geo);
      mapChart = make("chart-map", mapOption());
      document.getElementById("chart-map").dataset.ready = "1";
    });
  }
  document.querySelectorAll("[data-map-by]").forEach(function (button) {
    button.addEventListener("click", function () {
      mapBy = button.dataset.mapBy;
      document.querySelectorAll("[data-map-by]").forEach(function (b) { b.classList.toggle("current", b === button); });
      if (mapChart) mapChart.setOption(mapOption(), true);
    });
  });

  var printButton = document.getElementById("print-cockpit");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
  window.addEventListener("beforeprint", function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
  // The meeting-room display reloads itself (figures are recomputed every quarter of an hour).
  var root = document.getElementById("cockpit");
  var every = root && parseInt(root.dataset.refresh || "0", 10);
  if (every > 0) window.setTimeout(function () { window.location.reload(); }, every * 1000);
})();
