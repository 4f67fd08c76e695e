// School words: a tap on the word opens or closes its explanation (glossary templatetag).
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest(".term-button") : null;
  if (!button) return;
  const tip = document.getElementById(button.getAttribute("aria-controls"));
  if (!tip) return;
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  tip.hidden = !open;
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll('.term-button[aria-expanded="true"]').forEach((button) => {
    button.setAttribute("aria-expanded", "false");
    const tip = document.getElementById(button.getAttribute("aria-controls"));
    if (tip) tip.hidden = true;
  });
});
