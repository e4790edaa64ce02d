/*
 * Small accessibility and print helpers on top of Material for MkDocs. They run on every page
 * load, including pages reached through Material's instant navigation (document$).
 */
(function () {
  "use strict";

  /* A wide table scrolls inside its wrapper; keyboard users can only scroll it if the wrapper
     can take focus, and screen readers need to know what the focusable box is
     (axe `scrollable-region-focusable`, WCAG 2.1.1). Tables that fit stay out of the tab order. */
  function labelWideTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrapper, index) {
      if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
        var heading = previousHeading(wrapper);
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "region");
        wrapper.setAttribute("aria-label", heading
          ? "Table: " + heading + " (scrolls sideways)"
          : "Table " + (index + 1) + " (scrolls sideways)");
      } else {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        wrapper.removeAttribute("aria-label");
      }
    });
  }

  function previousHeading(element) {
    for (var node = element.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) {
        return node.textContent.trim();
      }
    }
    return "";
  }

  /* Printed pages show where each link goes: the full address, for the print stylesheet. */
  function recordLinkTargets() {
    document.querySelectorAll("article.md-content__inner a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (href.charAt(0) !== "#" && !link.classList.contains("headerlink")) {
        link.setAttribute("data-print-href", link.href);
      }
    });
  }

  /* "Skip to content" points at the page's first heading, which cannot take focus, so the
     browser would leave focus on the link; move it to the heading so the next Tab starts in
     the main content. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-skip");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (target) {
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  });

  function onEveryPage() {
    labelWideTables();
    recordLinkTargets();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(onEveryPage);
  } else {
    onEveryPage();
  }
  window.addEventListener("resize", labelWideTables);
})();
