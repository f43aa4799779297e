// Draws every chart on the page: an element with data-figure="ID" gets the
// plotly figure JSON from <script type="application/json" id="ID"> (written by
// Django's json_script). No inline script, so the page's CSP stays strict.
(function () {
  "use strict";

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || !window.Plotly) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var config = { responsive: true, displaylogo: false };
    window.Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.dataset.drawn = "true";
      // A point carrying an id in customdata (an event's slug) jumps to its entry in the list.
      element.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        if (point && typeof point.customdata === "string") {
          window.location.hash = "event-" + point.customdata;
        }
      });
    });
  }

  function drawAll() {
    document.querySelectorAll("[data-figure]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
