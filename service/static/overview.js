/* The overview's charts (ECharts, served from /vendor): the same numbers as the tables
   beneath them, which stay the accessible form. Clicking a bar or a heat-map cell opens
   the parks table filtered the same way as the table's links. */
(function () {
  "use strict";
  var script = document.currentScript;
  var parksUrl = script.dataset.parksUrl;
  var data = JSON.parse(document.getElementById("overview-data").textContent);
  var charts = window.parkstarCharts;
  var en = charts.en, T = charts.T, pick = charts.pick, draw = charts.draw;
  var levels = Object.keys(data.stars);
  var starName = function (level) { return level + (en ? "★" : "星"); };
  var starColours = ["#b0b7c3", "#f3d27a", "#eeb93f", "#e0a100", "#c77c02", "#b3261e"];

  function go(params) {
    var query = new URLSearchParams();
    Object.keys(params).forEach(function (key) {
      if (params[key] !== null && params[key] !== undefined) query.set(key, params[key]);
    });
    window.location.href = parksUrl + "?" + query.toString();
  }

  draw("chart-stars", {
    tooltip: {},
    grid: { left: 40, right: 16, top: 16, bottom: 30 },
    xAxis: { type: "category", data: levels.map(starName) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{
      type: "bar",
      data: levels.map(function (level, i) {
        return { value: data.stars[level], itemStyle: { color: starColours[i % starColours.length] } };
      }),
      label: { show: true, position: "top" },
      cursor: "pointer"
    }]
  }, function (p) { go({ stars: levels[p.dataIndex] }); });

  function stacked(id, groups, field) {
    draw(id, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, type: "scroll", itemWidth: 12, itemGap: 6 },
      grid: { left: 40, right: 16, top: 40, bottom: 60 },
      xAxis: { type: "category", data: groups.map(function (g) { return pick(g.name); }),
               axisLabel: { interval: 0, rotate: groups.length > 6 ? 35 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: levels.map(function (level, i) {
        return {
          name: starName(level), type: "bar", stack: "stars",
          itemStyle: { color: starColours[i % starColours.length] },
          data: groups.map(function (g) { return g.stars[level]; })
        };
      })
    }, function (p) {
      var params = { stars: levels[p.seriesIndex] };
      params[field] = groups[p.dataIndex][field];
      go(params);
    });
  }
  stacked("chart-cities", data.by_city, "city");
  stacked("chart-categories", data.by_category, "category");

  var heatLevels = [];
  var heatIndicators = [];
  data.blocking.forEach(function (cell) {
    if (heatLevels.indexOf(cell.level) < 0) heatLevels.push(cell.level);
    if (heatIndicators.indexOf(cell.indicator) < 0) heatIndicators.push(cell.indicator);
  });
  var names = {};
  data.blocking.forEach(function (cell) { names[cell.indicator] = cell.indicator + ". " + pick(cell.indicator_name); });
  var maximum = 1;
  var cells = data.blocking.map(function (cell) {
    var total = cell.not_met + cell.not_assessable;
    maximum = Math.max(maximum, total);
    return {
      value: [heatLevels.indexOf(cell.level), heatIndicators.indexOf(cell.indicator), total],
      level: cell.level, indicator: cell.indicator, notMet: cell.not_met, notAssessable: cell.not_assessable
    };
  });
  draw("chart-blocking", {
    tooltip: {
      formatter: function (p) {
        var d = p.data;
        return names[d.indicator] + " → " + starName(d.level) + "<br>" +
          T("未达到", "not met") + " " + d.notMet + " · " + T("无法评定", "not assessable") + " " + d.notAssessable;
      }
    },
    grid: { left: 200, right: 24, top: 10, bottom: 60 },
    xAxis: { type: "category", data: heatLevels.map(function (l) { return T("升", "to ") + starName(l); }), splitArea: { show: true } },
    yAxis: { type: "category", inverse: true, data: heatIndicators.map(function (i) { return names[i]; }), splitArea: { show: true } },
    visualMap: { min: 0, max: maximum, calculable: false, orient: "horizontal", left: "center", bottom: 0,
                 inRange: { color: ["#fbfcfd", "#f6c1bc", "#c62828"] } },
    series: [{ type: "heatmap", data: cells, label: { show: true, formatter: function (p) { return p.data.value[2] || ""; } },
               cursor: "pointer" }]
  }, function (p) {
    if (p.data && p.data.value[2] > 0) go({ next: p.data.level, blocks: p.data.indicator });
  });
})();
