/*
 * thrivekit charts: draws the Vega-Lite specs built by thrivekit.charts into the page.
 *
 * Template contract: a chart is
 *   <div class="tk-chart" data-chart-spec="ID"></div>
 *   <script type="application/json" id="ID">{...spec json...}</script>
 * and the page loads, in this order and after the chart markup (or with `defer`):
 *   vendor/vega/vega.min.js, vendor/vega/vega-lite.min.js,
 *   vendor/vega/vega-interpreter.min.js, vendor/vega/vega-embed.min.js, charts.js
 *
 * Content Security Policy: no eval and no inline styles. Expressions run through
 * vega-interpreter (ast + expr) instead of `new Function`; defaultStyle: false stops vega-embed
 * adding a <style> element; tooltip: false keeps vega-tooltip (which also adds a <style>) out,
 * so Vega's own handler shows tooltips as the chart's title attribute.
 *
 * Charts are an enhancement: the same numbers are in a table next to each chart, so a chart
 * that cannot be drawn is logged and left empty; it never breaks the page.
 */
(function () {
  "use strict";

  // data-tk-chart on each container: "pending", "drawn" or "failed"; never drawn twice.
  var STATE = "tkChart";
  var drawn = []; // {container, view}, so views of charts HTMX removed can be released

  function embedOptions() {
    return {
      ast: true,
      expr: window.vega && window.vega.expressionInterpreter,
      actions: false,
      renderer: "svg",
      defaultStyle: false,
      tooltip: false,
    };
  }

  function fail(container, id, error) {
    container.dataset[STATE] = "failed";
    if (window.console) {
      window.console.error("thrivekit charts: could not draw chart " + id, error);
    }
  }

  function draw(container) {
    if (container.dataset[STATE]) {
      return;
    }
    container.dataset[STATE] = "pending";
    var id = container.getAttribute("data-chart-spec");
    try {
      var source = id ? document.getElementById(id) : null;
      if (!source) {
        throw new Error("no <script type=\"application/json\" id=\"" + id + "\"> in the page");
      }
      if (typeof window.vegaEmbed !== "function" || !embedOptions().expr) {
        throw new Error("vega, vega-lite, vega-interpreter and vega-embed must load first");
      }
      var spec = JSON.parse(source.textContent);
      window.vegaEmbed(container, spec, embedOptions()).then(
        function (result) {
          container.dataset[STATE] = "drawn";
          drawn.push({ container: container, view: result.view });
        },
        function (error) {
          fail(container, id, error);
        },
      );
    } catch (error) {
      fail(container, id, error);
    }
  }

  function release() {
    // A live page swaps results in again and again: free the views whose charts are gone.
    drawn = drawn.filter(function (chart) {
      if (chart.container.isConnected) {
        return true;
      }
      try {
        chart.view.finalize();
      } catch (error) {
        // Nothing to do: the chart is gone either way.
      }
      return false;
    });
  }

  function drawAll() {
    release();
    var containers = document.querySelectorAll(".tk-chart[data-chart-spec]");
    for (var i = 0; i < containers.length; i++) {
      draw(containers[i]);
    }
  }

  function start() {
    drawAll();
    document.body.addEventListener("htmx:afterSettle", drawAll);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
