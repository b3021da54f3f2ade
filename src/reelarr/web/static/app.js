// Reelarr's own few lines of script; everything else is htmx.

// A live library update must not throw away what the user ticked for the mass editor.
function noMovieSelected() {
  return document.querySelector("#movie-list input[name=movieId]:checked") === null;
}

// Rows of a [data-sortable] table body reorder by dragging or with their up/down buttons; the
// order of their hidden inputs is what the form submits.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-sortable] [data-move]");
  if (!button) return;
  const row = button.closest("tr");
  const sibling = button.dataset.move === "up" ? row.previousElementSibling : row.nextElementSibling;
  if (!sibling) return;
  sibling.insertAdjacentElement(button.dataset.move === "up" ? "beforebegin" : "afterend", row);
  button.focus();
});

let draggedRow = null;
document.addEventListener("dragstart", (event) => {
  draggedRow = event.target.closest && event.target.closest("[data-sortable] > tr");
  if (draggedRow) event.dataTransfer.effectAllowed = "move";
});
document.addEventListener("dragover", (event) => {
  const over = event.target.closest && event.target.closest("[data-sortable] > tr");
  if (!draggedRow || !over || over === draggedRow || over.parentElement !== draggedRow.parentElement) return;
  event.preventDefault();
  const below = event.clientY > over.getBoundingClientRect().top + over.offsetHeight / 2;
  over.insertAdjacentElement(below ? "afterend" : "beforebegin", draggedRow);
});
document.addEventListener("dragend", () => { draggedRow = null; });

// ---- Security: every state-changing request carries the page's CSRF token, and no page has
// inline script (the Content-Security-Policy forbids it), so confirmations live here.

const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content || "";

document.addEventListener("htmx:configRequest", (event) => {
  event.detail.headers["X-CSRF-Token"] = csrfToken;
});

// A plain form post sends the token as a hidden field; a form with data-confirm asks first.
// The question comes from an attribute, so a title in it is text, never script.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.querySelector("[name=deleteFiles]:checked") && form.dataset.confirmFiles
    ? form.dataset.confirmFiles
    : form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // getAttribute, not form.method: a field named "method" (a webhook's) would shadow it.
  if ((form.getAttribute("method") || "get").toLowerCase() === "post" && !form.querySelector("input[name=_csrf]")) {
    const field = document.createElement("input");
    field.type = "hidden";
    field.name = "_csrf";
    field.value = csrfToken;
    form.prepend(field);
  }
}, true);

// Manual import: choosing a movie for a file ticks it for import; choosing none unticks it.
document.addEventListener("change", (event) => {
  const select = event.target.closest && event.target.closest("select[data-ticks-import]");
  if (!select) return;
  const tick = select.closest("tr").querySelector("[name=import]");
  if (tick) tick.checked = select.value !== "0";
});

// The movie list reloads on live updates, except while movies are ticked for the editor.
document.addEventListener("htmx:confirm", (event) => {
  if (event.target.matches && event.target.matches("[data-unless-movies-ticked]") && !noMovieSelected()) {
    event.preventDefault();
  }
});

// A Copy button copies the value of the field its data-copy names.
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.querySelector(button.dataset.copy);
  if (!field) return;
  navigator.clipboard.writeText(field.value).then(() => { button.textContent = "Copied"; });
});

// The menu button folds the sidebar out on narrow screens; Escape or a click elsewhere folds it back.
document.addEventListener("click", (event) => {
  const sidebar = document.getElementById("sidebar");
  const toggle = document.querySelector("[data-nav-toggle]");
  if (!sidebar || !toggle) return;
  const open = event.target.closest("[data-nav-toggle]")
    ? !sidebar.classList.contains("open")
    : sidebar.classList.contains("open") && sidebar.contains(event.target);
  sidebar.classList.toggle("open", open);
  toggle.setAttribute("aria-expanded", String(open));
});
document.addEventListener("keydown", (event) => {
  const sidebar = document.getElementById("sidebar");
  if (event.key !== "Escape" || !sidebar || !sidebar.classList.contains("open")) return;
  sidebar.classList.remove("open");
  document.querySelector("[data-nav-toggle]").setAttribute("aria-expanded", "false");
});

// A table wider than its box scrolls inside it; the box then takes the keyboard focus, so that it
// can be scrolled without a mouse, and says what it is.
function letScrollingBoxesTakeFocus() {
  document.querySelectorAll("main .overflow, main table").forEach((box) => {
    const scrolls = box.scrollWidth > box.clientWidth && getComputedStyle(box).overflowX === "auto";
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      if (box.tagName !== "TABLE") {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table, scrolls sideways");
      }
    }
  });
}
letScrollingBoxesTakeFocus();
document.addEventListener("htmx:afterSettle", letScrollingBoxesTakeFocus);
window.addEventListener("resize", letScrollingBoxesTakeFocus);

// The folder picker's "Use this folder" puts the folder it shows into the path field it serves.
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("[data-choose-folder]");
  if (!button) return;
  const field = document.getElementById(button.dataset.for);
  if (field) field.value = button.dataset.chooseFolder;
});
