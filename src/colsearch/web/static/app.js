// colsearch: small conveniences on top of pages that work without JavaScript.
// Changing the sort order searches again; "/" jumps to the query box.
document.addEventListener("DOMContentLoaded", () => {
  const sort = document.querySelector("form.search select[name=sort]");
  if (sort && sort.form) {
    sort.addEventListener("change", () => sort.form.requestSubmit());
  }
  document.addEventListener("keydown", (event) => {
    const box = document.querySelector("#q, #header-q");
    const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement?.tagName ?? "");
    if (event.key === "/" && box && !typing) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });
});
