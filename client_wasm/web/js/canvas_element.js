// The JS half of web/canvas_element: what html5.h does not offer for the canvas.
// Linked with --js-library.
mergeInto(LibraryManager.library, {
  duet_set_cursor: function (selector, cursor) {
    var el = document.querySelector(UTF8ToString(selector));
    if (el) el.style.cursor = UTF8ToString(cursor);
  },
});
