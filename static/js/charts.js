/* Draws every plotly figure on the page. Each figure's JSON sits in a json_script element named by
   the chart's data-figure attribute; charts with data-click-through open the page a point links to. */
(function () {
  "use strict";
  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || typeof Plotly === "undefined") { return; }
    var figure = JSON.parse(source.textContent);
    if (!figure || !figure.data) { return; }
    if (element.clientWidth < 600 && figure.layout && figure.layout.legend) {
      // Narrow screens: the legend goes in its own band under the axis title, one line per entry, and the
      // figure grows by that band (the plotting area keeps its height), so entries never sit on the tick
      // labels, the axis title or each other.
      var layout = figure.layout;
      var margin = Object.assign({ t: 60, b: 60 }, layout.margin);
      var entries = figure.data.filter(function (t) { return t.showlegend !== false && t.name; }).length;
      var height = layout.height || 450;
      var below = Math.min(margin.b, 80); // tick labels and the axis title
      var plotHeight = height - margin.t - margin.b;
      var band = 22 * entries + 10;
      layout.legend = Object.assign({}, layout.legend, {
        orientation: "v", x: 0, xanchor: "left", y: -below / plotHeight, yanchor: "top"
      });
      layout.margin = Object.assign(margin, { l: 55, r: 10, b: below + band });
      layout.height = margin.t + plotHeight + below + band;
    }
    var config = {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "toggleSpikelines"],
      toImageButtonOptions: { format: "png", scale: 2 }
    };
    var drawn = Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.dataset.traces = String(figure.data.length);
    });
    if (element.hasAttribute("data-click-through")) {
      element.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        var url = point && point.customdata;
        if (typeof url !== "string" || url.charAt(0) !== "/") { return; }
        // data-click-adds names a checkbox: while it is ticked a click puts the material in the compare
        // basket (static/js/compare-basket.js; the slug is the last part of the page address).
        var adds = element.dataset.clickAdds && document.getElementById(element.dataset.clickAdds);
        if (adds && adds.checked && window.compareBasket) {
          var slug = url.replace(/\/$/, "").split("/").pop();
          window.compareBasket.add(slug, point.text || slug);
          return;
        }
        window.location.href = url;
      });
    }
    return drawn;
  }
  // "charts-drawn" on the document once every figure is drawn: what waits for the charts (the structure
  // viewer's 0.5 MB library) starts then, not in the middle of plotly's work.
  function drawAll() {
    var drawing = Array.prototype.map.call(document.querySelectorAll("[data-figure]"), draw);
    Promise.all(drawing).then(function () {
      window.chartsDrawn = true;
      if (window.performance && performance.mark) { performance.mark("charts-drawn"); } // read by bench_first_load
      document.dispatchEvent(new Event("charts-drawn"));
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
