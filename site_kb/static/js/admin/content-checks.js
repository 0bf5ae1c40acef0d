/*
 * The two checks of our content rules (site_kb/content_checks.py), evaluated by axe-core in the
 * page Wagtail's content checker scans (the editor's preview, or a page with the userbar).
 * Loaded right after Wagtail's userbar.js, before the page's `load`, when the checker starts.
 */
(() => {
  "use strict";

  const userbar = window.wagtail && window.wagtail.userbar;
  if (!userbar || typeof userbar.registerCheck !== "function") {
    return;
  }

  // Spaces and the punctuation editors put around a link: "» Xem thêm", "(tại đây)", "Bấm vào đây."
  const AROUND = /^[\s"'“”‘’«»<>()[\]{}.,:;!?…*•·\-–—→]+|[\s"'“”‘’«»<>()[\]{}.,:;!?…*•·\-–—→]+$/g;

  const linkText = (node) =>
    (node.getAttribute("aria-label") || node.textContent || "")
      .normalize("NFC")
      .replace(/\s+/g, " ")
      .replace(AROUND, "")
      .toLocaleLowerCase("vi");

  // A link passes unless its whole text is one of the vague phrases.
  userbar.registerCheck("check-link-text", (node, options) => {
    const text = linkText(node);
    return text === "" || !new RegExp(options.pattern, "i").test(text);
  });

  // A picture of the article (in a figure) needs a description; alt="" marks it as decoration.
  userbar.registerCheck("check-content-image-alt", (node) => {
    const role = node.getAttribute("role");
    if (role === "presentation" || role === "none") {
      return false;
    }
    return (node.getAttribute("alt") || "").trim() !== "";
  });
})();
