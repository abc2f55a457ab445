/* What every chart page shares: the page's language, text in it, and drawing an ECharts
   chart (from /vendor) as SVG with no animation, marked ready for the browser tests. */
(function () {
  "use strict";
  var en = document.documentElement.lang.indexOf("en") === 0;
  var T = function (zh, english) { return en ? english : zh; };
  var pick = function (text) {
    if (text === null || text === undefined) return T("未填写", "not recorded");
    if (typeof text === "object") return (en ? text.en || text.zh : text.zh || text.en) || "";
    return String(text);
  };

  function draw(id, option, onClick) {
    var element = document.getElementById(id);
    if (!element || !window.echarts) return;
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    option.animation = false;
    chart.setOption(option);
    if (onClick) {
      chart.on("click", onClick);
    }
    window.addEventListener("resize", function () { chart.resize(); });
    element.dataset.ready = "true";
  }

  window.parkstarCharts = { en: en, T: T, pick: pick, draw: draw };
})();
