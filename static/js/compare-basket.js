/* The compare basket: materials chosen on any page, kept in the browser (localStorage) and shown in the
   tray at the foot of every page (templates/electrolytes/_compare_tray.html), whose link carries them in the
   compare page's address (?materials=a,b).

   Hook for any page: an element with data-compare-add="<slug>" (and data-compare-name="<name>" for the
   tray's label) adds or removes that material.
     - a checkbox is ticked while the material is in the basket and toggles it on change;
     - any other element (a button) toggles it on click and gets aria-pressed and its label from
       data-label-add / data-label-remove.
   Elements added to the page later need nothing more (events are delegated); call
   window.compareBasket.refresh() after inserting them to show their state.
   The compare page lists what it shows in <script type="application/json" id="compare-current">: that
   selection (the address) replaces the basket, so the URL and the tray never disagree. */
(function () {
  "use strict";
  var KEY = "electrolytes.compareBasket";
  var tray = document.getElementById("compare-tray");
  if (!tray) { return; }
  var max = parseInt(tray.dataset.max || "8", 10);
  var compareUrl = tray.dataset.compareUrl || "/compare/";
  var listUrl = tray.dataset.listUrl || "/materials/";

  function read() {
    try {
      var items = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items.filter(function (i) { return i && typeof i.slug === "string"; }) : [];
    } catch (e) { return []; }
  }
  function write(items) {
    try { window.localStorage.setItem(KEY, JSON.stringify(items)); } catch (e) { /* private mode: tray only */ }
    basket = items;
    render();
  }
  var basket = read();

  function has(slug) { return basket.some(function (i) { return i.slug === slug; }); }
  function add(slug, name) {
    if (has(slug)) { return true; }
    if (basket.length >= max) {
      say("The comparison holds " + max + " materials at most: remove one first.");
      return false;
    }
    write(basket.concat([{ slug: slug, name: name || slug }]));
    return true;
  }
  function remove(slug) { write(basket.filter(function (i) { return i.slug !== slug; })); }
  function slugs() { return basket.map(function (i) { return i.slug; }).join(","); }
  function say(text) {
    var status = tray.querySelector("[data-compare-status]");
    if (status) { status.textContent = text; }
  }

  function render() {
    var list = tray.querySelector("[data-compare-list]");
    list.textContent = "";
    basket.forEach(function (item) {
      var li = document.createElement("li");
      var label = document.createElement("span");
      label.textContent = item.name;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tray-remove";
      button.dataset.compareRemove = item.slug;
      button.setAttribute("aria-label", "Take " + item.name + " out of the basket");
      button.textContent = "×";
      li.appendChild(label);
      li.appendChild(button);
      list.appendChild(li);
    });
    tray.hidden = basket.length === 0;
    document.body.classList.toggle("has-compare-tray", basket.length > 0);
    tray.querySelector("[data-compare-count]").textContent = String(basket.length);
    var go = tray.querySelector("[data-compare-go]");
    go.href = compareUrl + "?materials=" + encodeURIComponent(slugs()).replace(/%2C/g, ",");
    go.classList.toggle("is-disabled", basket.length < 2);
    go.setAttribute("aria-disabled", basket.length < 2 ? "true" : "false");
    tray.querySelector("[data-compare-more]").href = listUrl + (basket.length ? "?compare=" + slugs() : "");
    refresh();
  }

  function refresh() {
    document.querySelectorAll("[data-compare-add]").forEach(function (el) {
      var inside = has(el.dataset.compareAdd);
      if (el.type === "checkbox") {
        el.checked = inside;
      } else {
        el.setAttribute("aria-pressed", inside ? "true" : "false");
        var text = inside ? el.dataset.labelRemove : el.dataset.labelAdd;
        if (text) { el.textContent = text; }
      }
    });
  }

  document.addEventListener("change", function (event) {
    var el = event.target.closest && event.target.closest("input[type=checkbox][data-compare-add]");
    if (!el) { return; }
    if (el.checked) {
      if (!add(el.dataset.compareAdd, el.dataset.compareName)) { el.checked = false; }
    } else {
      remove(el.dataset.compareAdd);
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) { return; }
    var removeButton = target.closest("[data-compare-remove]");
    if (removeButton) { remove(removeButton.dataset.compareRemove); return; }
    if (target.closest("[data-compare-clear]")) { write([]); return; }
    var go = target.closest("[data-compare-go]");
    if (go && basket.length < 2) { event.preventDefault(); say("Choose at least two materials to compare."); return; }
    var el = target.closest("[data-compare-add]");
    if (!el || el.type === "checkbox") { return; }
    event.preventDefault();
    if (has(el.dataset.compareAdd)) { remove(el.dataset.compareAdd); } else { add(el.dataset.compareAdd, el.dataset.compareName); }
  });
  // The list's "Compare ticked materials" button opens the whole basket, not only this page's ticks.
  document.querySelectorAll("form[data-compare-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (basket.length < 2) { say("Choose at least two materials to compare."); return; }
      window.location.href = tray.querySelector("[data-compare-go]").href;
    });
  });

  // The address wins where it names a selection: the compare page's materials replace the basket; a list
  // opened with ?compare=a,b (from a compare page) adds them.
  var current = document.getElementById("compare-current");
  if (current) {
    try {
      var shown = JSON.parse(current.textContent);
      if (Array.isArray(shown) && shown.length) { basket = shown.slice(0, max); write(basket); }
    } catch (e) { /* ignore a malformed list */ }
  } else {
    var carried = new URLSearchParams(window.location.search).get("compare");
    if (carried) {
      carried.split(",").filter(Boolean).forEach(function (slug) {
        var box = document.querySelector('[data-compare-add="' + CSS.escape(slug) + '"]');
        if (!has(slug) && basket.length < max) { basket = basket.concat([{ slug: slug, name: box ? box.dataset.compareName : slug }]); }
      });
      write(basket);
    }
  }
  window.compareBasket = { refresh: refresh, add: add, remove: remove, items: function () { return basket.slice(); } };
  render();
})();
