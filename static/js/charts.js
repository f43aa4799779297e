// Draws every chart on the page: an element with data-figure="ID" gets the
// plotly figure JSON from <script type="application/json" id="ID"> (written by
// Django's json_script); one with data-figure-src="URL" fetches it from that
// same-origin URL (the story chart's figure is too big to carry in the page; its
// table and the pages it links to list the same marks without JavaScript).
// No inline script, so the page's CSP stays strict.
//
// A chart with data-marks="links" (the story chart) has marks that are links:
// customdata is [url, order, label]. Clicking a mark opens its sentence; the
// marks are also reachable from the keyboard (Tab into the chart, arrow keys
// from mark to mark in time order, Enter to open), each announced by its label.
(function () {
  "use strict";

  var SVG_BUTTON = {
    name: "Download plot as an SVG",
    icon: null,
    click: function (gd) {
      window.Plotly.downloadImage(gd, { format: "svg", filename: gd.id || "chart" });
    },
  };

  function markPoints(element) {
    // The drawn points with their trace and index (plotly binds its calcdata to them).
    var points = [];
    element.querySelectorAll(".scatterlayer .trace").forEach(function (traceEl) {
      var calc = traceEl.__data__;
      var trace = calc && calc[0] && calc[0].trace;
      if (!trace || !Array.isArray(trace.customdata)) {
        return;
      }
      traceEl.querySelectorAll("path.point").forEach(function (pathEl) {
        var index = pathEl.__data__ && pathEl.__data__.i;
        var data = trace.customdata[index];
        if (Array.isArray(data)) {
          points.push({
            el: pathEl,
            curve: trace.index,
            point: index,
            subplot: (trace.xaxis || "x") + (trace.yaxis || "y"),
            url: data[0],
            order: data[1],
            label: data[2] || data[0],
          });
        }
      });
    });
    points.sort(function (a, b) { return a.order - b.order; });
    return points;
  }

  function linkMarks(element) {
    var current = 0;
    var points = [];

    function show(point) {
      window.Plotly.Fx.hover(element, [{ curveNumber: point.curve, pointNumber: point.point }], point.subplot);
    }

    function focusAt(index) {
      if (!points.length) {
        return;
      }
      current = Math.max(0, Math.min(points.length - 1, index));
      points.forEach(function (p, i) { p.el.setAttribute("tabindex", i === current ? "0" : "-1"); });
      points[current].el.focus();
    }

    function decorate() {
      points = markPoints(element);
      current = Math.min(current, Math.max(points.length - 1, 0));
      points.forEach(function (p, i) {
        var el = p.el;
        el.setAttribute("tabindex", i === current ? "0" : "-1");
        el.setAttribute("role", "link");
        el.setAttribute("aria-label", p.label);
        el.dataset.url = p.url;
        el.dataset.order = String(p.order);
        el.onfocus = function () {
          current = i;
          el.style.stroke = "#000";
          el.style.strokeWidth = "3px";
          show(p);
        };
        el.onblur = function () {
          el.style.stroke = "";
          el.style.strokeWidth = "";
          window.Plotly.Fx.unhover(element);
        };
        el.onkeydown = function (event) {
          var moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            window.location.href = p.url;
          } else if (event.key in moves) {
            event.preventDefault();
            focusAt(i + moves[event.key]);
          } else if (event.key === "Home" || event.key === "End") {
            event.preventDefault();
            focusAt(event.key === "Home" ? 0 : points.length - 1);
          }
        };
      });
      element.dataset.marks = "links";
      element.dataset.linked = String(points.length);
    }

    element.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      if (point && Array.isArray(point.customdata)) {
        window.location.href = point.customdata[0];
      }
    });
    element.on("plotly_afterplot", decorate);
    decorate();
  }

  function figureOf(element) {
    // A promise of the element's figure, or null when it names none.
    if (element.dataset.figureSrc) {
      var options = { credentials: "same-origin", headers: { Accept: "application/json" } };
      return window.fetch(element.dataset.figureSrc, options).then(function (response) {
        if (!response.ok) {
          throw new Error("The chart's figure answered " + response.status);
        }
        return response.json();
      });
    }
    var source = document.getElementById(element.dataset.figure);
    return source ? Promise.resolve(JSON.parse(source.textContent)) : null;
  }

  function draw(element) {
    var pending = window.Plotly ? figureOf(element) : null;
    if (!pending) {
      return;
    }
    pending.then(function (figure) {
      plot(element, figure);
    }).catch(function (error) {
      // The table beside the chart still lists every mark; say why the chart is missing.
      element.dataset.drawn = "failed";
      element.textContent = "The chart could not be loaded; the table lists the same articles.";
      if (window.console) {
        window.console.warn(error);
      }
    });
  }

  function plot(element, figure) {
    SVG_BUTTON.icon = window.Plotly.Icons.camera;
    var config = {
      responsive: true,
      displaylogo: false,
      toImageButtonOptions: { filename: element.id || "chart" },
      modeBarButtonsToAdd: [SVG_BUTTON],
    };
    window.Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      if (element.dataset.marks === "links") {
        linkMarks(element);
      } else {
        // A point carrying an id in customdata (an event's slug) jumps to its entry in the list.
        element.on("plotly_click", function (event) {
          var point = event.points && event.points[0];
          if (point && typeof point.customdata === "string") {
            window.location.hash = "event-" + point.customdata;
          }
        });
      }
      element.dataset.drawn = "true";
    });
  }

  function drawAll() {
    document.querySelectorAll("[data-figure], [data-figure-src]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
