/* Starts ReDoc on the API documentation page under the Content-Security-Policy.
   Loaded, with the response's nonce, before ReDoc's bundle, which creates style elements as soon as
   it runs, before it can be told the nonce: every style element a script on this page creates gets
   the nonce (only scripts the policy already let in run here). ReDoc's sidebar also shows a logo
   from Redocly's CDN; the page loads nothing from another host, so an image address on another
   origin is dropped (the image is hidden by the page's style). */
(function () {
  "use strict";
  var nonce = document.currentScript && document.currentScript.nonce;
  var createElement = Document.prototype.createElement;
  var setAttribute = Element.prototype.setAttribute;
  var imageSrc = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  function sameOrigin(url) {
    try { return new URL(url, document.baseURI).origin === window.location.origin; } catch (e) { return false; }
  }
  Document.prototype.createElement = function (name) {
    var element = createElement.apply(this, arguments);
    var tag = String(name).toLowerCase();
    if (tag === "style" && nonce) { element.nonce = nonce; }
    if (tag === "img") {
      element.setAttribute = function (attribute, value) {
        if (String(attribute).toLowerCase() === "src" && !sameOrigin(value)) { return; }
        setAttribute.call(this, attribute, value);
      };
      Object.defineProperty(element, "src", {
        get: function () { return imageSrc.get.call(this); },
        set: function (value) { if (sameOrigin(value)) { imageSrc.set.call(this, value); } }
      });
    }
    return element;
  };
  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("redoc-container");
    if (!container || typeof Redoc === "undefined") { return; }
    Redoc.init(container.dataset.specUrl, nonce ? { nonce: nonce } : {}, container);
  });
})();
