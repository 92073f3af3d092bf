/* Clickable periodic table for the material list: each click cycles an element through
   "must contain" -> "must not contain" -> "either", writing the two text fields the form submits.
   Without JavaScript the text fields work on their own. */
(function () {
  "use strict";
  var table = document.querySelector("[data-periodic-table]");
  if (!table) { return; }
  var include = document.getElementById(table.dataset.include);
  var exclude = document.getElementById(table.dataset.exclude);
  function read(input) {
    return input.value.split(/[\s,]+/).filter(function (s) { return s.length > 0; });
  }
  function state(symbol) {
    if (read(include).indexOf(symbol) >= 0) { return "in"; }
    if (read(exclude).indexOf(symbol) >= 0) { return "out"; }
    return "";
  }
  var labels = { "in": "must contain", "out": "must not contain", "": "either" };
  function paint() {
    table.querySelectorAll("button[data-symbol]").forEach(function (button) {
      var s = state(button.dataset.symbol);
      button.dataset.state = s;
      button.setAttribute("aria-label", button.title + ": " + labels[s]);
    });
  }
  function write(input, list) { input.value = list.join(","); }
  table.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-symbol]");
    if (!button) { return; }
    var symbol = button.dataset.symbol;
    var inList = read(include).filter(function (s) { return s !== symbol; });
    var outList = read(exclude).filter(function (s) { return s !== symbol; });
    var current = state(symbol);
    if (current === "") { inList.push(symbol); }
    else if (current === "in") { outList.push(symbol); }
    write(include, inList);
    write(exclude, outList);
    paint();
  });
  include.addEventListener("input", paint);
  exclude.addEventListener("input", paint);
  table.hidden = false;
  paint();
})();
