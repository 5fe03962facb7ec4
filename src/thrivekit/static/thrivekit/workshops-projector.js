/*
 * The projector's keyboard: → / Space / Page Down next screen, ← / Page Up previous,
 * R shows or hides results (submits the page's own form), F full screen. The keys are
 * listed on the screen; every action also works with the mouse.
 */
(function () {
  "use strict";

  var current = -1; // the screen chosen with the keys; -1 until a key is pressed

  function screens() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-slide]"));
  }

  function show(index) {
    var list = screens();
    if (!list.length) {
      return;
    }
    current = Math.max(0, Math.min(list.length - 1, index));
    list[current].focus({ preventScroll: true });
    list[current].scrollIntoView({ block: "start" });
  }

  function toggleFullScreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {
        // Refused (not from a key press or click): the page still works as it is.
      });
    }
  }

  function reveal() {
    var form = document.getElementById("projector-reveal");
    if (form) {
      form.submit();
    }
  }

  function isControl(target) {
    return target && /^(INPUT|TEXTAREA|SELECT|BUTTON|A|SUMMARY)$/.test(target.tagName);
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var key = event.key;
    if ((key === " " || key === "Enter") && isControl(event.target)) {
      return; // Space on a button presses it
    }
    if (key === "ArrowRight" || key === "PageDown" || key === " ") {
      show(current + 1);
    } else if (key === "ArrowLeft" || key === "PageUp") {
      show(current - 1);
    } else if (key === "Home") {
      show(0);
    } else if (key === "r" || key === "R") {
      reveal();
    } else if (key === "f" || key === "F") {
      toggleFullScreen();
    } else {
      return;
    }
    event.preventDefault();
  });

  function start() {
    var button = document.getElementById("projector-fullscreen");
    if (button && document.documentElement.requestFullscreen) {
      button.hidden = false;
      button.addEventListener("click", toggleFullScreen);
    }
    // The live area is replaced every few seconds: stay on the screen the keys chose.
    document.body.addEventListener("htmx:afterSettle", function () {
      var list = screens();
      if (current >= 0 && list.length) {
        current = Math.min(current, list.length - 1);
        list[current].scrollIntoView({ block: "start" });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
