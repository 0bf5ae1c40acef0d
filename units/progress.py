"""A progress bar for the long runs of ``create_unit --from-csv`` and ``prepare_member_sites``
(issue 16.4: a thousand schools take minutes), with no dependency: ``[#####     ] 120/1000``
redrawn in place on a terminal, nothing when the stream is a file or a pipe (a log then holds
the commands' own lines only)."""

BAR_WIDTH = 30


class ProgressBar:
    def __init__(self, stream):
        self.stream = stream
        self.enabled = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done, total):
        if not self.enabled or not total:
            return
        filled = BAR_WIDTH * done // total
        self.stream.write(f"\r[{'#' * filled}{' ' * (BAR_WIDTH - filled)}] {done}/{total}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()
