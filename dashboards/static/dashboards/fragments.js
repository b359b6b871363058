// Each element marked data-fragment holds a link to a page; the element of the same id on that
// page takes its place, so a slow part of a page comes after the rest. Without JavaScript, or if
// the page does not come, the link stays.
(function () {
  "use strict";
  document.querySelectorAll("[data-fragment]").forEach(function (placeholder) {
    var link = placeholder.querySelector("a[href]");
    if (!link) {
      return;
    }
    placeholder.setAttribute("aria-busy", "true");
    fetch(link.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (answer) {
        return answer.ok ? answer.text() : Promise.reject(answer.status);
      })
      .then(function (html) {
        var fragment = new DOMParser().parseFromString(html, "text/html").getElementById(placeholder.id);
        if (fragment) {
          placeholder.replaceWith(document.importNode(fragment, true));
        }
      })
      .catch(function () {})
      .finally(function () {
        placeholder.removeAttribute("aria-busy");
      });
  });
})();
