// The interactive pathway map (Cytoscape.js). Everything on it is also listed on the page, and
// every change can be made with the forms; dragging only saves where boxes sit.
// The layout (lanes by grouping, box sizes, route corners) and every colour come from the
// server (thrivekit.pathways.render and .palette), so the map matches the SVG drawing.
(function () {
  "use strict";
  var container = document.getElementById("pathway-map");
  var source = document.getElementById("pathway-map-elements");
  if (!container || !source || !window.cytoscape) return;

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
    minZoom: 0.25,
    maxZoom: 3,
    wheelSensitivity: 0.2,
    style: [
      {
        selector: "node",
        style: {
          shape: "round-rectangle",
          width: "data(width)",
          height: "data(height)",
          label: "data(text)",
          "text-wrap": "wrap",
          "text-max-width": 180,
          "text-halign": "center",
          "text-valign": "center",
          "text-justification": "center",
          "line-height": 1.1,
          "font-family": "Arial, sans-serif",
          "font-size": 14,
          color: "#212b32",
          "z-index-compare": "manual",
          "background-color": "data(fill)",
          "border-width": 2,
          "border-color": "data(border)",
        },
      },
      { selector: "node.entry-point", style: { "corner-radius": 12 } },
      {
        selector: "node.lane",
        style: {
          shape: "round-rectangle",
          label: "data(label)",
          "text-valign": "top",
          "text-halign": "center",
          "text-margin-y": 34,
          "text-max-width": 200,
          "font-weight": "bold",
          "background-opacity": 0.45,
          "border-width": 0,
          "z-index": 0,
          events: "no",
        },
      },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "line-color": "data(colour)",
          "target-arrow-color": "data(colour)",
          "target-arrow-shape": "triangle",
          "arrow-scale": 1.1,
          "curve-style": "bezier",
          "z-index-compare": "manual",
          "z-index": 1,
        },
      },
      { selector: "node.service, node.entry-point", style: { "z-index": 2 } },
      { selector: ".tk-hidden", style: { display: "none" } },
    ],
  });

  // Cytoscape places segment corners relative to the line between the two boxes' centres:
  // turn the server's absolute corners into those terms, while both boxes are where the layout
  // put them; a box someone has moved gets a plain curve instead.
  function atHome(node) {
    var home = node.data("home");
    if (!home) return false;
    var at = node.position();
    return Math.abs(at.x - home[0]) < 0.5 && Math.abs(at.y - home[1]) < 0.5;
  }
  var PLAIN = ["curve-style", "segment-weights", "segment-distances", "edge-distances", "segment-radius"];
  function route(edge) {
    var points = edge.data("points") || [];
    var from = edge.source().position();
    var to = edge.target().position();
    var dx = to.x - from.x;
    var dy = to.y - from.y;
    var length2 = dx * dx + dy * dy;
    if (!points.length || !length2 || !atHome(edge.source()) || !atHome(edge.target())) {
      edge.removeStyle(PLAIN.join(" "));
      edge.removeClass("routed");
      return;
    }
    var length = Math.sqrt(length2);
    var weights = [];
    var distances = [];
    points.forEach(function (p) {
      var px = p[0] - from.x;
      var py = p[1] - from.y;
      weights.push((px * dx + py * dy) / length2);
      distances.push((px * dy - py * dx) / length);
    });
    // Straight runs with rounded corners through the gaps between boxes.
    var style = {
      "curve-style": "round-segments",
      "segment-radius": 10,
      "edge-distances": "node-position",
      "segment-weights": weights,
      "segment-distances": distances,
    };
    edge.style(style);
    edge.addClass("routed");
    // Check the corner furthest off the line lands where it should; mirror the side if not.
    var far = 0;
    distances.forEach(function (d, i) {
      if (Math.abs(d) > Math.abs(distances[far])) far = i;
    });
    var drawn = edge.segmentPoints();
    if (drawn && drawn.length === points.length) {
      var off = Math.abs(drawn[far].x - points[far][0]) + Math.abs(drawn[far].y - points[far][1]);
      if (off > 1) {
        style["segment-distances"] = distances.map(function (d) { return -d; });
        edge.style(style);
      }
    }
  }
  cy.edges().forEach(function (edge) {
    var dash = edge.data("dash") || [];
    if (dash.length) edge.style({ "line-style": "dashed", "line-dash-pattern": dash });
  });
  cy.edges().forEach(route);

  // Start at a zoom where the labels read as body text; pan to see the rest.
  cy.fit(undefined, 16);
  if (cy.zoom() < 1) {
    cy.zoom(1);
    var box = cy.elements().boundingBox();
    cy.pan({ x: 16 - box.x1, y: 16 - box.y1 });
  }

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
  var status = document.getElementById("map-save-status");
  if (!url || !csrf) {
    cy.autoungrabify(true);
    return;
  }
  function report(ok, message) {
    if (!status) return;
    status.textContent = message;
    status.classList.toggle("nhsuk-error-message", !ok);
    status.setAttribute("role", ok ? "status" : "alert");
  }
  cy.on("drag", "node", function (event) {
    event.target.connectedEdges().forEach(route);
  });
  cy.on("dragfree", "node", function (event) {
    var node = event.target;
    var name = node.data("label");
    var moved = {};
    moved[node.id()] = [node.position("x"), node.position("y")];
    function failed() {
      report(false, "Error: the new place of " + name + " was not saved. " +
        "Check your connection and move it again, or reload the page.");
    }
    window.fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf.value },
      body: JSON.stringify(moved),
      credentials: "same-origin",
    }).then(function (response) {
      // A signed-out session answers with the sign-in page, not the JSON asked for.
      if (!response.ok) return failed();
      return response.json().then(function (answer) {
        if (answer && answer.saved === true) report(true, "The new place of " + name + " is saved.");
        else failed();
      }, failed);
    }, failed);
  });
})();
