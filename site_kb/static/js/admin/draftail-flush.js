/*
 * Nothing typed in a rich-text field may be lost on a quick save (issue 15, item 6).
 *
 * Draftail keeps what is being typed in its own state and copies it into the form's hidden input
 * only when 250 ms have passed without a key (its `stateSaveInterval`). A click on "Lưu nháp" or
 * Ctrl+S within that time submitted the older value: the page said it was saved and the last
 * words were gone. Wagtail's autosave, its unsaved-changes check and the preview read the form
 * the same way, with `new FormData(form)`.
 *
 * Every reading of a form's data (a submission, `new FormData(form)`) fires `formdata` with the
 * entries about to be sent. Here each Draftail editor of that form (Wagtail keeps it on its input
 * as `draftailEditor`) has its current state written into its input at once, as its own timer
 * would: `Draftail.serialiseEditorStateToRaw`, then JSON. Wagtail's comment-aware editor (the page
 * editor with comments on) waits 250 ms in a timer of its own and gives Draftail no `onSave`, so
 * Draftail's `saveState` cannot be used; like that timer, the highlights of comments
 * (`COMMENT-<id>`) and Wagtail's redraw markers (`STYLE_RERENDER_<n>`) are left out. Editors whose
 * state has not changed since they were last written are skipped, so the check Wagtail runs twice
 * a second costs nothing while nobody types.
 *
 * Remove this file (and its hook in site_kb/wagtail_hooks.py) when Wagtail flushes the pending
 * Draftail state itself before a form is read: reported upstream in
 * docs/upstream/wagtail-draftail-quick-save.md. tests/e2e/test_quick_save.py shows whether it is
 * still needed (its check without this file fails once Wagtail has fixed it).
 */
(() => {
  "use strict";

  const written = new WeakMap(); // editor → the EditorState last written into its input
  const NOT_SAVED_STYLES = /^(COMMENT-|STYLE_RERENDER_)/;

  const serialise = (editorState) => {
    const raw = window.Draftail.serialiseEditorStateToRaw(editorState); // null when empty
    for (const block of raw ? raw.blocks : []) {
      block.inlineStyleRanges = block.inlineStyleRanges.filter((range) => !NOT_SAVED_STYLES.test(range.style));
    }
    return raw;
  };

  const flushEditors = (form, formData) => {
    if (!window.Draftail || typeof window.Draftail.serialiseEditorStateToRaw !== "function") {
      return;
    }
    for (const input of form.querySelectorAll('input[type="hidden"]')) {
      const editor = input.draftailEditor;
      if (!editor || typeof editor.getEditorState !== "function") {
        continue;
      }
      const state = editor.getEditorState();
      if (state && written.get(editor) !== state) {
        const raw = serialise(state);
        input.rawContentState = raw;
        input.value = JSON.stringify(raw);
        written.set(editor, state);
      }
      if (formData && input.name && formData.has(input.name)) {
        formData.set(input.name, input.value);
      }
    }
  };

  document.addEventListener(
    "formdata",
    (event) => {
      if (event.target instanceof HTMLFormElement) {
        flushEditors(event.target, event.formData);
      }
    },
    true,
  );
})();
