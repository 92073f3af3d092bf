/* Draws the unit cell of a material page with 3Dmol.js (static/vendor/3Dmol-min.js, named by the viewer's
   data-library attribute). The library is about 0.5 MB of script, so it is fetched from this site only after
   the page's load event and the charts' drawing, when the main thread is idle: the text, the tables and the
   charts never wait for it. The atoms (Cartesian, Å) and the cell parameters come from the json_script element
   named by the viewer's data-structure attribute. */
(function () {
  "use strict";

  function draw(element) {
    var source = document.getElementById(element.dataset.structure);
    if (!source || typeof $3Dmol === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var viewer = $3Dmol.createViewer(element, { backgroundColor: "white", antialias: true });
    var model = viewer.addModel();
    model.addAtoms(
      data.atoms.map(function (atom, index) {
        return { elem: atom.elem, x: atom.x, y: atom.y, z: atom.z, serial: index, atom: atom.occupancy };
      })
    );
    var cell = data.cell;
    model.setCrystData(cell[0], cell[1], cell[2], cell[3], cell[4], cell[5]);
    viewer.setStyle({}, { sphere: { scale: 0.35, colorscheme: "Jmol" } });
    viewer.addUnitCell(model, { box: { color: "#555555" } });
    viewer.setHoverable({}, true, function (atom, view) {
      if (!atom.label) {
        atom.label = view.addLabel(atom.atom, { position: atom, fontSize: 12, backgroundOpacity: 0.8 });
      }
    }, function (atom, view) {
      if (atom.label) {
        view.removeLabel(atom.label);
        delete atom.label;
      }
    });
    viewer.zoomTo();
    viewer.render();
    element.dataset.drawn = String(data.atoms.length);
  }

  function drawAll(viewers) {
    viewers.forEach(draw);
  }

  var started = false;

  function start() {
    if (started) {
      return;
    }
    started = true;
    var viewers = document.querySelectorAll(".structure-viewer[data-structure]");
    if (!viewers.length) {
      return;
    }
    if (typeof $3Dmol !== "undefined") {
      drawAll(viewers);
      return;
    }
    var script = document.createElement("script");
    script.src = viewers[0].dataset.library;
    script.onload = function () {
      drawAll(viewers);
    };
    script.onerror = function () {
      viewers.forEach(function (element) {
        element.textContent = "The 3D viewer could not be loaded; the cell parameters and sites are listed below.";
      });
    };
    document.head.appendChild(script);
  }

  function whenIdle() {
    if (window.requestIdleCallback) {
      window.requestIdleCallback(start, { timeout: 2000 });
    } else {
      window.setTimeout(start, 0);
    }
  }

  // After the load event and, on a page with charts, once static/js/charts.js says they are all drawn.
  window.addEventListener("load", function () {
    if (!document.querySelector("[data-figure]") || window.chartsDrawn) {
      whenIdle();
    } else {
      document.addEventListener("charts-drawn", whenIdle, { once: true });
      window.setTimeout(whenIdle, 5000); // a chart that never finishes must not keep the viewer away
    }
  });
})();
