/*
 * Names for controls of Wagtail's admin that reach screen readers without one (WCAG 4.1.2,
 * issue 15 Build 3; axe reports them as serious or critical):
 *
 * 1. The rich-text editor (Draftail): its contenteditable role="textbox" is not tied to the
 *    field's label, which points at the hidden input it replaces; inside StreamField there is no
 *    label at all, only the block's heading. Wagtail 8.0.1 does not pass Draftail's ariaLabelledBy
 *    (upstream wagtail/wagtail#14205); remove part 1 when a release does.
 * 2. The chooser modal (role="dialog", built by modal-workflow.js) has no name: it gets the
 *    heading the chooser shows inside it.
 * 3. The "add multiple images/documents" file input has no label: it gets the text of the button
 *    drawn over it.
 * 4. The tag field's typing box (tag-it builds it beside the hidden input the label points at)
 *    gets the field's label.
 * 5. The upload's progress bars carry aria-valuenow without a role (aria-allowed-attr): they
 *    become named progress bars (the name comes translated from the hook, data-progress-label).
 *
 * Attributes only, set once on elements that have no name yet; React and the modal code leave
 * attributes they do not manage alone, and a MutationObserver names what is added later (new
 * StreamField blocks, a modal's next step).
 */
(function () {
    "use strict";

    const progressLabel = (document.currentScript && document.currentScript.dataset.progressLabel) || "";
    let counter = 0;

    function idOf(element) {
        if (!element.id) {
            counter += 1;
            element.id = `a11y-name-${counter}`;
        }
        return element.id;
    }

    function hasName(element) {
        return element.hasAttribute("aria-label") || element.hasAttribute("aria-labelledby");
    }

    function nameEditors(root) {
        root.querySelectorAll('[contenteditable="true"][role="textbox"]').forEach((editor) => {
            if (hasName(editor)) return;
            const wrapper = editor.closest("[data-field-input]");
            const input = wrapper && wrapper.querySelector("input[type=hidden][id]");
            const label = input && document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
            if (label) {
                editor.setAttribute("aria-labelledby", idOf(label));
                return;
            }
            // A StreamField block: its type ("Đoạn văn") as shown in the block's header.
            const block = editor.closest("section[aria-labelledby]");
            const type = block && block.querySelector(".c-sf-block__type");
            if (type) editor.setAttribute("aria-labelledby", idOf(type));
        });
    }

    function nameDialogs(root) {
        root.querySelectorAll('.modal[role="dialog"]').forEach((dialog) => {
            // Each step of a chooser replaces the modal's body, heading included: follow it.
            const current = dialog.getAttribute("aria-labelledby");
            if (dialog.hasAttribute("aria-label") || (current && document.getElementById(current))) return;
            const heading = dialog.querySelector(".modal-body h1, .modal-body h2");
            if (heading) dialog.setAttribute("aria-labelledby", idOf(heading));
        });
    }

    function nameFileInputs(root) {
        root.querySelectorAll(".replace-file-input input[type=file]").forEach((input) => {
            if (hasName(input) || (input.labels && input.labels.length)) return;
            const button = input.parentElement.querySelector("button");
            if (button && button.textContent.trim()) input.setAttribute("aria-label", button.textContent.trim());
        });
    }

    function nameTagInputs(root) {
        root.querySelectorAll(".tagit-new input").forEach((input) => {
            if (hasName(input) || (input.labels && input.labels.length)) return;
            const field = input.closest("[data-field-wrapper]");
            const label = field && field.querySelector("label.w-field__label");
            if (label) input.setAttribute("aria-labelledby", idOf(label));
        });
    }

    function nameProgressBars(root) {
        root.querySelectorAll("#overall-progress, .upload-list .progress").forEach((bar) => {
            if (bar.hasAttribute("role")) return;
            bar.setAttribute("role", "progressbar");
            bar.setAttribute("aria-valuemin", "0");
            bar.setAttribute("aria-valuemax", "100");
            if (progressLabel) bar.setAttribute("aria-label", progressLabel);
        });
    }

    function nameAll() {
        nameEditors(document);
        nameDialogs(document);
        nameFileInputs(document);
        nameTagInputs(document);
        nameProgressBars(document);
    }

    function start() {
        nameAll();
        let pending = false;
        new MutationObserver(() => {
            if (pending) return;
            pending = true;
            window.requestAnimationFrame(() => {
                pending = false;
                nameAll();
            });
        }).observe(document.body, { childList: true, subtree: true });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
