// Drag and drop for a table's top five. The rank selects stay the source of truth (and the
// keyboard and screen-reader way to rank); dragging only sets them.
(function () {
  "use strict";
  var TOP = 5;

  function init(form) {
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[name^='rank-']"));
    var titles = {};
    selects.forEach(function (select) {
      var item = select.name.slice(5);
      var label = form.querySelector("label[for='" + select.id + "']");
      titles[item] = label ? label.firstChild.textContent.trim() : item;
      var block = select.closest(".tk-candidate");
      block.setAttribute("draggable", "true");
      block.dataset.item = item;
      block.addEventListener("dragstart", function (event) {
        event.dataTransfer.setData("text/plain", item);
      });
      select.addEventListener("change", render);
    });

    var zone = document.createElement("div");
    zone.className = "tk-dropzone";
    zone.innerHTML =
      '<h2 class="nhsuk-heading-s">Drag priorities here, most important first</h2><ol class="nhsuk-list"></ol>';
    var list = zone.querySelector("ol");
    form.insertBefore(zone, form.querySelector(".tk-candidate"));

    function order() {
      return selects
        .filter(function (s) { return s.value; })
        .sort(function (a, b) { return a.value - b.value; })
        .map(function (s) { return s.name.slice(5); });
    }

    function apply(items) {
      selects.forEach(function (select) {
        var index = items.indexOf(select.name.slice(5));
        select.value = index >= 0 ? String(index + 1) : "";
      });
      render();
    }

    function render() {
      list.innerHTML = "";
      order().forEach(function (item, index, items) {
        var li = document.createElement("li");
        li.className = "tk-dropzone__item";
        li.setAttribute("draggable", "true");
        li.dataset.item = item;
        li.textContent = index + 1 + ". " + titles[item] + " ";
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "tk-link-button";
        remove.textContent = "Remove";
        remove.setAttribute("aria-label", "Remove " + titles[item]);
        remove.addEventListener("click", function () {
          apply(items.filter(function (other) { return other !== item; }));
        });
        li.appendChild(remove);
        li.addEventListener("dragstart", function (event) {
          event.dataTransfer.setData("text/plain", item);
        });
        list.appendChild(li);
      });
      if (!list.children.length) {
        var empty = document.createElement("li");
        empty.className = "nhsuk-body-s";
        empty.textContent = "Nothing ranked yet.";
        list.appendChild(empty);
      }
    }

    zone.addEventListener("dragover", function (event) {
      event.preventDefault();
      zone.classList.add("tk-dropzone--over");
    });
    zone.addEventListener("dragleave", function () {
      zone.classList.remove("tk-dropzone--over");
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("tk-dropzone--over");
      var item = event.dataTransfer.getData("text/plain");
      if (!titles[item]) return;
      var items = order().filter(function (other) { return other !== item; });
      var target = event.target.closest && event.target.closest(".tk-dropzone__item");
      var at = target ? items.indexOf(target.dataset.item) : items.length;
      if (at < 0) at = items.length;
      items.splice(at, 0, item);
      apply(items.slice(0, TOP));
    });
    render();
  }

  document.querySelectorAll("form[data-ranking]").forEach(init);
})();
