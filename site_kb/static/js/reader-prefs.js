/* The reader's text size and contrast (chosen in the reader toolbar, js/reader-toolbar.js), set
   on <html> before the page is drawn so that no page flashes in the default look first; "js"
   tells the stylesheet that the toolbar's buttons will work. Loaded in <head>, not deferred. */
(function () {
    "use strict";
    var root = document.documentElement;
    root.classList.add("js");
    try {
        var size = window.localStorage.getItem("reader.textSize");
        if (size === "small" || size === "large") {
            root.classList.add("text-" + size);
        }
        if (window.localStorage.getItem("reader.contrast") === "high") {
            root.classList.add("high-contrast");
        }
    } catch (error) {
        // Storage refused (private mode, blocked cookies): the page keeps its default look.
    }
})();
