/* An impact's charts (ECharts from /vendor): the transition matrix as a heat map (green
   above the diagonal: gains, red below: losses) and gains/losses per city as bars. The
   tables beside them hold the same numbers and stay the accessible form. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("impact-data").textContent);
  var charts = window.parkstarCharts;
  var T = charts.T, pick = charts.pick, draw = charts.draw;

  var stars = data.stars.map(function (s) { return s + "★"; });
  var cells = [];
  data.rows.forEach(function (row, i) {
    row.cells.forEach(function (cell, j) {
      var colour = cell.parks === 0 ? "#fbfcfd" : (cell.move > 0 ? "#7cc68b" : (cell.move < 0 ? "#e57373" : "#d6dbe3"));
      cells.push({ value: [j, i, cell.parks], itemStyle: { color: colour } });
    });
  });
  draw("chart-matrix", {
    tooltip: { formatter: function (p) {
      return T("前 ", "before ") + stars[p.data.value[1]] + " → " + T("后 ", "after ") + stars[p.data.value[0]] + ": " + p.data.value[2];
    } },
    grid: { left: 50, right: 16, top: 10, bottom: 40 },
    xAxis: { type: "category", data: stars, name: T("后", "after"), nameLocation: "middle", nameGap: 26 },
    yAxis: { type: "category", data: stars, inverse: true, name: T("前", "before"), nameLocation: "middle", nameGap: 34 },
    series: [{ type: "heatmap", data: cells, label: { show: true, formatter: function (p) { return p.data.value[2] || ""; } } }]
  });

  var cities = data.by_city;
  draw("chart-cities", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 60 },
    xAxis: { type: "category", data: cities.map(function (c) { return pick(c.label); }),
             axisLabel: { interval: 0, rotate: cities.length > 6 ? 35 : 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: T("升星", "gained"), type: "bar", stack: "moves", itemStyle: { color: "#2e7d32" }, data: cities.map(function (c) { return c.gained; }) },
      { name: T("降星", "lost"), type: "bar", stack: "moves", itemStyle: { color: "#c62828" }, data: cities.map(function (c) { return -c.lost; }) }
    ]
  });
})();
