/* Reader toolbar (components/reader_toolbar.html; Circular 32/2017/TT-BTTTT Art. 18): text size in
   three steps and high contrast, remembered across pages (js/reader-prefs.js applies them early);
   keyboard shortcuts to the home page, the site map and search; "Nghe bài viết", which reads the
   article aloud with the browser's own Vietnamese voice and stays hidden where there is none; and
   printing. Only enhances: without this file the page works and the toolbar keeps its links. */
(function () {
    "use strict";

    var toolbar = document.querySelector("[data-reader-toolbar]");
    if (!toolbar) {
        return;
    }
    var root = document.documentElement;

    function remember(key, value) {
        try {
            if (value === null) {
                window.localStorage.removeItem(key);
            } else {
                window.localStorage.setItem(key, value);
            }
        } catch (error) {
            // Storage refused: the choice lasts for this page only.
        }
    }

    function each(selector, callback) {
        Array.prototype.forEach.call(toolbar.querySelectorAll(selector), callback);
    }

    // Phones: the tools fold under one button so the toolbar takes a single line.
    var toggle = toolbar.querySelector("[data-reader-toggle]");
    toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        toolbar.classList.toggle("reader-toolbar--open", open);
    });

    // Text size: small, medium (the stylesheet's own) or large, as a class on <html>.
    function currentSize() {
        if (root.classList.contains("text-small")) {
            return "small";
        }
        return root.classList.contains("text-large") ? "large" : "medium";
    }
    function showSize(size) {
        each("[data-text-size]", function (button) {
            button.setAttribute("aria-pressed", String(button.getAttribute("data-text-size") === size));
        });
    }
    each("[data-text-size]", function (button) {
        button.addEventListener("click", function () {
            var size = button.getAttribute("data-text-size");
            root.classList.toggle("text-small", size === "small");
            root.classList.toggle("text-large", size === "large");
            remember("reader.textSize", size === "medium" ? null : size);
            showSize(size);
        });
    });
    showSize(currentSize());

    // High contrast: white text on black, yellow links.
    var contrast = toolbar.querySelector("[data-contrast-toggle]");
    contrast.setAttribute("aria-pressed", String(root.classList.contains("high-contrast")));
    contrast.addEventListener("click", function () {
        var on = !root.classList.contains("high-contrast");
        root.classList.toggle("high-contrast", on);
        contrast.setAttribute("aria-pressed", String(on));
        remember("reader.contrast", on ? "high" : null);
    });

    toolbar.querySelector("[data-print]").addEventListener("click", function () {
        window.print();
    });

    // Alt+Shift+H: home page, Alt+Shift+M: site map, Alt+Shift+S: search (announced in the footer).
    // The physical key (event.code), so that a keyboard layout or macOS's Option characters do
    // not change them.
    var shortcuts = {
        KeyH: toolbar.getAttribute("data-shortcut-home"),
        KeyM: toolbar.getAttribute("data-shortcut-sitemap"),
        KeyS: toolbar.getAttribute("data-shortcut-search"),
    };
    document.addEventListener("keydown", function (event) {
        if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) {
            return;
        }
        var address = shortcuts[event.code];
        if (address) {
            event.preventDefault();
            window.location.assign(address);
        }
    });

    setUpReadAloud();

    // "Nghe bài viết": the element marked data-read-aloud (the article) read by speechSynthesis
    // with a Vietnamese voice of the browser or the system. Nothing is sent anywhere by us; where
    // no Vietnamese voice exists the button stays hidden rather than read Vietnamese badly.
    function setUpReadAloud() {
        var article = document.querySelector("[data-read-aloud]");
        var listen = toolbar.querySelector("[data-listen]");
        var stop = toolbar.querySelector("[data-listen-stop]");
        if (!article || !("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
            return;
        }
        var synth = window.speechSynthesis;
        var voice = null;
        var state = "idle";
        var run = 0;
        var LABELS = { idle: "Nghe bài viết", speaking: "Tạm dừng", paused: "Tiếp tục" };
        // Chrome stops a long utterance after about 15 seconds: the text goes in short pieces.
        var MAX_PIECE = 200;

        function setState(next) {
            state = next;
            listen.textContent = LABELS[next];
            stop.hidden = next === "idle";
        }

        function findVoice() {
            var voices = synth.getVoices() || [];
            voice = null;
            for (var i = 0; i < voices.length && !voice; i += 1) {
                if (String(voices[i].lang).toLowerCase().indexOf("vi") === 0) {
                    voice = voices[i];
                }
            }
            listen.hidden = !voice;
            if (!voice && state !== "idle") {
                finish();
            }
        }

        // Each part of the article as drawn (hidden parts left out), without its forms.
        function articleText() {
            var parts = [];
            Array.prototype.forEach.call(article.children, function (child) {
                if (child.matches("form, nav, [data-read-aloud-skip]") || child.querySelector("form")) {
                    return;
                }
                var text = (child.innerText || "").trim();
                if (text) {
                    parts.push(text);
                }
            });
            return parts.join("\n");
        }

        // Lines, then sentences (a full stop followed by a space: "1.500" and "33/QĐ-GDĐT" stay
        // whole), then at most MAX_PIECE characters, cut between words.
        function pieces(text) {
            var result = [];
            text.split(/\n+/).forEach(function (line) {
                var current = "";
                line.split(/\s+/).forEach(function (word) {
                    if (!word) {
                        return;
                    }
                    if (current && current.length + word.length + 1 > MAX_PIECE) {
                        result.push(current);
                        current = "";
                    }
                    current = current ? current + " " + word : word;
                    if (/[.!?…]["”’)]*$/.test(word)) {
                        result.push(current);
                        current = "";
                    }
                });
                if (current) {
                    result.push(current);
                }
            });
            return result;
        }

        function finish() {
            run += 1;
            synth.cancel();
            setState("idle");
        }

        function start() {
            var texts = pieces(articleText());
            if (!texts.length) {
                return;
            }
            run += 1; // before cancel(): what the previous reading reports now is not this one's
            synth.cancel();
            var thisRun = run;
            texts.forEach(function (text, index) {
                var utterance = new window.SpeechSynthesisUtterance(text);
                utterance.lang = "vi-VN";
                utterance.voice = voice;
                if (index === texts.length - 1) {
                    utterance.addEventListener("end", function () {
                        if (thisRun === run) {
                            setState("idle");
                        }
                    });
                }
                utterance.addEventListener("error", function (event) {
                    // Cancelling (Dừng, a new start) reports "interrupted"/"canceled": not a failure.
                    if (thisRun === run && event.error !== "interrupted" && event.error !== "canceled") {
                        finish();
                    }
                });
                synth.speak(utterance);
            });
            setState("speaking");
        }

        listen.addEventListener("click", function () {
            if (state === "idle") {
                start();
            } else if (state === "speaking") {
                synth.pause();
                setState("paused");
            } else {
                synth.resume();
                setState("speaking");
            }
        });
        stop.addEventListener("click", function () {
            finish();
            listen.focus(); // the Dừng button hides itself
        });
        // Browsers keep speaking after the reader leaves the page.
        window.addEventListener("pagehide", function () {
            synth.cancel();
        });

        // Voices load asynchronously in Chrome: none at first, then "voiceschanged".
        synth.addEventListener("voiceschanged", findVoice);
        findVoice();
    }
})();
