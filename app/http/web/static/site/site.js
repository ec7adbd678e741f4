// ai-crosswalk pages: small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Regime page: expand or collapse the whole item tree.
  document.querySelectorAll(".tree-tools").forEach(function (tools) {
    tools.hidden = false;
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-tree]");
      if (!button) return;
      var open = button.dataset.tree === "open";
      document.querySelectorAll("ul.tree details").forEach(function (d) { d.open = open; });
    });
  });

  // Gap-analysis form: add measure rows (the page ships with a few blank rows already).
  var add = document.getElementById("add-measure");
  var body = document.querySelector("#measure-rows tbody");
  if (add && body) {
    add.hidden = false;
    add.addEventListener("click", function () {
      var rows = body.querySelectorAll("tr.measure");
      var row = rows[rows.length - 1].cloneNode(true);
      var n = rows.length + 1;
      row.querySelectorAll("input, select, label").forEach(function (el) {
        ["id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(/-\d+$/, "-" + n));
        });
        if (el.tagName === "LABEL") el.textContent = el.textContent.replace(/^Measure \d+/, "Measure " + n);
        if (el.tagName === "INPUT") el.value = "";
        if (el.name === "measure_id") el.placeholder = "m" + n;
        if (el.tagName === "SELECT") el.selectedIndex = 0;
      });
      body.appendChild(row);
      row.querySelector("input").focus();
    });
  }

  // Validation errors: move focus to the list so keyboard and screen-reader users hear it first.
  var errors = document.getElementById("errors");
  if (errors) errors.focus();
})();
