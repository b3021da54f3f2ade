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
