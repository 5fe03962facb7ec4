// The scenario page's what-if sliders: each shows its value as it moves. Without this script
// the value shown is the one the page was opened with, and the answers still follow the form.
(function () {
  "use strict";

  function show(range) {
    var text = range.value + "%";
    range.setAttribute("aria-valuetext", text);
    var form = range.form || document;
    var outputs = form.querySelectorAll("output.tk-range-value");
    Array.prototype.forEach.call(outputs, function (output) {
      if (output.htmlFor && output.htmlFor.contains(range.id)) {
        output.value = text;
      }
    });
  }

  function init() {
    var ranges = document.querySelectorAll("#what-if input[type=range]");
    Array.prototype.forEach.call(ranges, function (range) {
      range.addEventListener("input", function () {
        show(range);
      });
      show(range); // a value the browser restored on "back" is shown too
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
