"""Page addresses in plain ASCII, folded from the Vietnamese title (issue 15.4).

An accented slug travels percent-encoded (``/tr%C6%B0%E1%BB%9Dng-…/``): unreadable when shared,
and different from the addresses seeded and imported pages get. Every slug is therefore folded
the one way ``site_kb.folding`` folds text (đ → d, marks dropped, lower case, hyphens), wherever
a page gets one: the editor's title-to-slug script (``VIETNAMESE_SLUG_FORMATTERS``, site_kb.forms), the editor's form
and the model itself (``BasePage.full_clean``: imports, seeds, API, management commands).
Pages saved with accented slugs before this are folded by ``fold_page_slugs`` (site_kb
migration 0003), their old addresses answered by permanent redirects.
"""

from django.utils.text import slugify

from .folding import fold

SLUG_MAX_LENGTH = 255
STEPLEN = 4  # Wagtail's materialised path: four characters per level

# The editor's script (Wagtail's w-slug controller) runs these replacements before it makes a
# slug of the title, so the slug it proposes is the one the server keeps. Wagtail's own
# transliteration has no Vietnamese table: without them "Đồng" would lose its đ and "Trường" its ư.
_VIETNAMESE_LETTERS = {
    "a": "àáảãạăằắẳẵặâầấẩẫậ",
    "d": "đ",
    "e": "èéẻẽẹêềếểễệ",
    "i": "ìíỉĩị",
    "o": "òóỏõọôồốổỗộơờớởỡợ",
    "u": "ùúủũụưừứửữự",
    "y": "ỳýỷỹỵ",
}
VIETNAMESE_SLUG_FORMATTERS = [
    *((f"[{letters}{letters.upper()}]", base) for base, letters in _VIETNAMESE_LETTERS.items()),
    # Marks typed as separate characters (decomposed text pasted from elsewhere) are dropped.
    ("[\u0300-\u036f]", ""),
]


def ascii_slug(text, max_length=SLUG_MAX_LENGTH):
    """'Trường THCS Đồng Hóa khai giảng' → 'truong-thcs-dong-hoa-khai-giang' ("" if nothing is left)."""
    return slugify(fold(text))[:max_length].strip("-_")


def fold_slug(slug):
    """A slug as typed, made ASCII when it is not (an ASCII slug is kept exactly as typed)."""
    if not slug or slug.isascii():
        return slug
    return ascii_slug(slug)


def free_sibling_slug(base, taken):
    """``base``, or ``base-2``, ``base-3``… whichever is not in ``taken`` (Wagtail's own rule)."""
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}-{suffix}"[:SLUG_MAX_LENGTH]
    return candidate


def site_paths(sites, url_path):
    """``[(site, path)]``: the addresses (site-relative) a page at ``url_path`` has on ``sites``."""
    found = []
    for site in sites:
        root = site.root_page.url_path
        if url_path.startswith(root):
            found.append((site, "/" + url_path[len(root) :]))
    return found


def fold_page_slugs(Page, Redirect, Site, Revision):  # noqa: N803 - models, real or historical
    """Fold every non-ASCII page slug; keep each old address working with a permanent redirect.

    Takes the models as arguments so the data migration can pass its historical ones (which have
    fields but no methods). Parents go before children, so a child's new path builds on its
    folded parent's. A folded slug that a sibling already has gets ``-2``, ``-3``… Every page
    under a folded one moves too, so each gets a redirect from its old address. Redirects are
    stored in Unicode, as ``Redirect.normalise_path`` keeps them; Wagtail's middleware decodes a
    percent-encoded request before looking it up, so both forms are answered. The pages'
    revisions get the new slug and path, so publishing a draft saved before does not bring the
    old address back. Returns ``{page id: (old slug, new slug)}``."""
    sites = list(Site.objects.select_related("root_page"))
    changed = {}
    accented = [
        pk
        for pk, slug in Page.objects.filter(depth__gt=1).order_by("depth", "path").values_list("pk", "slug")
        if not slug.isascii()
    ]
    for pk in accented:
        page = Page.objects.get(pk=pk)  # fresh: folding its parent has changed its url_path
        parent = Page.objects.get(path=page.path[:-STEPLEN])
        taken = set(
            Page.objects.filter(path__startswith=parent.path, depth=page.depth)
            .exclude(pk=page.pk)
            .values_list("slug", flat=True)
        )
        new_slug = free_sibling_slug(ascii_slug(page.slug) or "trang", taken)
        old_url_path, new_url_path = page.url_path, f"{parent.url_path}{new_slug}/"
        Page.objects.filter(pk=page.pk).update(slug=new_slug)
        moved = Page.objects.filter(path__startswith=page.path).values_list("pk", "url_path")
        for item_pk, item_old in list(moved):
            item_new = new_url_path + item_old[len(old_url_path) :]
            Page.objects.filter(pk=item_pk).update(url_path=item_new)
            for site, path in site_paths(sites, item_old):
                Redirect.objects.update_or_create(
                    old_path=normalise_path(path),
                    site=site,
                    defaults={"redirect_page_id": item_pk, "is_permanent": True, "redirect_link": ""},
                )
            slugs = (page.slug, new_slug) if item_pk == page.pk else None
            _update_revisions(Revision, item_pk, item_new, slugs)
        changed[page.pk] = (page.slug, new_slug)
    return changed


def normalise_path(path):
    """``Redirect.normalise_path`` of a page's site-relative path (no query, so only the slash)."""
    path = path.strip()
    if not path.startswith("/"):
        path = "/" + path
    return path[:-1] if path.endswith("/") and len(path) > 1 else path


def _update_revisions(Revision, page_id, url_path, slugs):  # noqa: N803
    revisions = Revision.objects.filter(
        base_content_type__app_label="wagtailcore", base_content_type__model="page", object_id=str(page_id)
    )
    for revision in revisions:
        content = revision.content
        if not isinstance(content, dict):
            continue
        if slugs and content.get("slug") == slugs[0]:
            content["slug"] = slugs[1]
        if "url_path" in content:
            content["url_path"] = url_path
        Revision.objects.filter(pk=revision.pk).update(content=content)
