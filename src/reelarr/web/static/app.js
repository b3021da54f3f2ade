// Reelarr's own few lines of script; everything else is htmx.

// A live library update must not throw away what the user ticked for the mass editor.
function noMovieSelected() {
  return document.querySelector("#movie-list input[name=movieId]:checked") === null;
}
