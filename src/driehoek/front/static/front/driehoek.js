// Small progressive enhancements; every page works without this file.
// The language and role pickers have their own button: choosing an option never leaves
// the page by itself (WCAG 3.2.2, on input).
document.documentElement.classList.add("js");
document.addEventListener("click", (event) => {
  const target = event.target;
  if (target instanceof HTMLElement && target.closest(".js-print")) {
    window.print();
  }
});
// A table that scrolls sideways (on a phone) must be reachable by keyboard so that it
// can be scrolled with the arrow keys: such a wrapper gets a tab stop and a name.
function focusableScrollers(root) {
  for (const wrap of root.querySelectorAll(".table-wrap")) {
    if (wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      const heading = wrap.closest("section")?.querySelector("h2[id], h3[id]");
      if (heading && !wrap.hasAttribute("role")) {
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-labelledby", heading.id);
      }
    }
  }
}
focusableScrollers(document);
window.addEventListener("resize", () => focusableScrollers(document));
document.addEventListener("htmx:afterSettle", (event) => focusableScrollers(event.target));
