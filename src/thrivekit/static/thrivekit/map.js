// The interactive pathway map (Cytoscape.js). Everything on it is also listed on the page, and
// every change can be made with the forms; dragging only saves where boxes sit.
(function () {
  "use strict";
  var container = document.getElementById("pathway-map");
  var source = document.getElementById("pathway-map-elements");
  if (!container || !source || !window.cytoscape) return;

  var COLOURS = {
    thriving: "#007f3b",
    "getting-advice": "#005eb8",
    "getting-help": "#7c2855",
    "getting-more-help": "#330072",
    "getting-risk-support": "#d5281b",
  };
  // Cytoscape adds a <style> element unless one with this id exists; the CSP allows only our
  // stylesheets, so mark it as present (the rule it would add is in app.css).
  if (!document.getElementById("__________cytoscape_stylesheet")) {
    var marker = document.createElement("meta");
    marker.id = "__________cytoscape_stylesheet";
    document.head.appendChild(marker);
  }
  var elements = JSON.parse(source.textContent);
  var cy = window.cytoscape({
    container: container,
    elements: elements,
    layout: { name: "preset" },
    wheelSensitivity: 0.2,
    style: [
      {
        selector: "node",
        style: {
          shape: "round-rectangle",
          width: 170,
          height: 54,
          label: "data(label)",
          "text-wrap": "wrap",
          "text-max-width": 160,
          "text-valign": "center",
          "font-family": "Arial, sans-serif",
          "font-size": 13,
          color: "#ffffff",
          "background-color": function (node) {
            return COLOURS[node.data("grouping")] || "#4c6272";
          },
        },
      },
      {
        selector: "node.entry-point",
        style: { shape: "ellipse", "background-color": "#ffffff", color: "#212b32",
                 "border-width": 2, "border-color": "#212b32" },
      },
      {
        selector: "edge",
        style: {
          width: 2,
          "line-color": "#768692",
          "target-arrow-color": "#768692",
          "target-arrow-shape": "triangle",
          "curve-style": "bezier",
        },
      },
      { selector: ".tk-hidden", style: { display: "none" } },
    ],
  });

  function filter() {
    var grouping = (document.getElementById("map-grouping") || {}).value || "";
    var area = (document.getElementById("map-area") || {}).value || "";
    cy.nodes().forEach(function (node) {
      var data = node.data();
      var show = true;
      if (data.kind === "service") {
        if (grouping && (data.groupings || []).indexOf(grouping) < 0) show = false;
        var areas = data.local_areas || [];
        if (area && areas.length && areas.indexOf(area) < 0) show = false;
      }
      node.toggleClass("tk-hidden", !show);
    });
  }
  ["map-grouping", "map-area"].forEach(function (id) {
    var control = document.getElementById(id);
    if (control) control.addEventListener("change", filter);
  });

  var url = container.dataset.positionsUrl;
  var csrf = document.getElementById("map-csrf");
  if (!url || !csrf) {
    cy.autoungrabify(true);
    return;
  }
  cy.on("dragfree", "node", function (event) {
    var node = event.target;
    var moved = {};
    moved[node.id()] = [node.position("x"), node.position("y")];
    window.fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf.value },
      body: JSON.stringify(moved),
      credentials: "same-origin",
    });
  });
})();
