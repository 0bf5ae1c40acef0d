/*
 * Vietnamese for the table editor (Wagtail's TableBlock, Handsontable 6.2.2).
 *
 * Wagtail hands Handsontable the admin's language, "vi", which Handsontable does not ship: it
 * logs an error ("Language with code "vi" was not found") on every table and shows its menu in
 * English. Registering a Vietnamese dictionary before any table is drawn fixes both. Keys left
 * out fall back to Handsontable's English.
 */
(function () {
    "use strict";
    var languages = window.Handsontable && window.Handsontable.languages;
    if (!languages || languages.getLanguageDictionary("vi")) {
        return;
    }
    var item = "ContextMenu:items.";
    var dictionary = { languageCode: "vi" };
    dictionary[item + "insertRowAbove"] = "Chèn dòng phía trên";
    dictionary[item + "insertRowBelow"] = "Chèn dòng phía dưới";
    dictionary[item + "insertColumnOnTheLeft"] = "Chèn cột bên trái";
    dictionary[item + "insertColumnOnTheRight"] = "Chèn cột bên phải";
    dictionary[item + "removeRow"] = ["Xoá dòng", "Xoá các dòng"];
    dictionary[item + "removeColumn"] = ["Xoá cột", "Xoá các cột"];
    dictionary[item + "undo"] = "Hoàn tác";
    dictionary[item + "redo"] = "Làm lại";
    dictionary[item + "readOnly"] = "Chỉ đọc";
    dictionary[item + "clearColumn"] = "Xoá nội dung cột";
    dictionary[item + "copy"] = "Sao chép";
    dictionary[item + "cut"] = "Cắt";
    dictionary[item + "mergeCells"] = "Gộp ô";
    dictionary[item + "unmergeCells"] = "Bỏ gộp ô";
    dictionary[item + "align"] = "Căn lề";
    dictionary[item + "align.left"] = "Trái";
    dictionary[item + "align.center"] = "Giữa";
    dictionary[item + "align.right"] = "Phải";
    dictionary[item + "align.justify"] = "Đều hai bên";
    dictionary[item + "align.top"] = "Trên";
    dictionary[item + "align.middle"] = "Giữa (dọc)";
    dictionary[item + "align.bottom"] = "Dưới";
    languages.registerLanguageDictionary(dictionary);
})();
