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

  /* A report's running header on paper: its title, put where the print stylesheet's page
     margin box reads it (CSS cannot take text from the page itself). */
  function runningHeader() {
    var source = document.querySelector(".slh-print-header");
    document.documentElement.style.setProperty("--slh-print-header",
      source ? JSON.stringify(source.textContent.trim()) : "\"\"");
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

  /* Material's header buttons, such as the menu, are <label>s for hidden inputs: a mouse
     can use them, a keyboard cannot reach them (WCAG 2.1.1).
     Each visible one becomes a focusable button that Enter and Space press. */
  var HEADER_BUTTON_NAMES = { __drawer: "Open the menu" };

  function keyboardHeaderButtons() {
    document.querySelectorAll("label.md-header__button[for]").forEach(function (label) {
      if (label.hasAttribute("hidden") || label.dataset.slhButton) {
        return;
      }
      label.dataset.slhButton = "1";
      label.setAttribute("role", "button");
      label.setAttribute("tabindex", "0");
      if (!label.getAttribute("aria-label")) {
        label.setAttribute("aria-label", HEADER_BUTTON_NAMES[label.htmlFor]
          || label.getAttribute("title") || "Menu");
      }
      // Material already presses a focused label on Enter; Space is added here.
      label.addEventListener("keydown", function (event) {
        if (event.key === " ") {
          event.preventDefault();
          label.click();
        }
      });
    });
  }

  /* On narrow screens the navigation drawer sits off screen until opened, yet its links
     could still take focus: focus would vanish (WCAG 2.4.7, 2.4.11). It is made inert while
     it is closed at the widths where it is off screen (Material's breakpoint: 76.25em). */
  var DRAWER_OFF_SCREEN = "(max-width: 76.234375em)";

  function drawerFollowsItsToggle() {
    var drawer = document.querySelector(".md-sidebar--primary");
    var toggle = document.getElementById("__drawer");
    if (drawer && toggle) {
      drawer.inert = window.matchMedia(DRAWER_OFF_SCREEN).matches && !toggle.checked;
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__drawer") {
      drawerFollowsItsToggle();
    }
  });

  function onEveryPage() {
    labelWideTables();
    recordLinkTargets();
    runningHeader();
    keyboardHeaderButtons();
    drawerFollowsItsToggle();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(onEveryPage);
  } else {
    onEveryPage();
  }
  window.addEventListener("resize", function () {
    labelWideTables();
    drawerFollowsItsToggle();
  });
})();
