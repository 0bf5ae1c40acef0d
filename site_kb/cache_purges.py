"""Which cache tags a change purges (issue 17, part 1): exactly the tags concerned, once per change.

The vocabulary is ``site_kb.cache_tags``'s. Every change is collected per transaction and purged
once after it commits (``cache_tags.purge_on_commit``); a failed purge is logged, never raised.

- A page published for the first time (or again after being unpublished), or whose fields that
  order or filter listings changed (dates, category, menus, any non-text field, a document's
  subjects, an article's keywords): the page (``p<id>``), its parent's list of children
  (``c<parent>``), and for each ancestor the listings of its type beneath it
  (``l<ancestor>-<type>``) and of any page beneath it (``d<ancestor>``).
  Wagtail's editor creates the page (live, never published) then publishes it: one purge, at the
  publish. A page a script makes live without publishing it is purged when it is published.
  That is the item, its section, its school, the home page and the feeds that list it, and the
  search results and sitemaps that may, nothing else.
- A live page published again with only its text changed: ``p<id>`` alone; every page showing
  its title, link or card carries that tag.
- Unpublished (by an editor, by expiry), deleted: as a first publish, the page leaving.
- Moved: the listings of its old and its new place, and the pages of every live page below it,
  whose addresses changed; a new slug: the pages below it too.
- A snippet or generic setting saved or deleted: ``m-<model>``; a site setting: ``s<site>``.
- An image or a document saved or deleted: the pages, snippets and settings that use it, from
  Wagtail's reference index.
- A page's privacy set, changed or lifted (a ``PageViewRestriction`` saved or deleted): the page
  leaves or joins its listings, and it and every live page below it stop or start being public
  (Điều 4: nothing restricted reaches a reader from a stored copy).
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save, pre_delete, pre_save

from modelcluster.fields import ParentalManyToManyField
from taggit.managers import TaggableManager
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from .cache_tags import (
    children_tag,
    descendants_tag,
    listing_tag,
    model_tag,
    page_tag,
    purge_on_commit,
    site_tag,
)

BEFORE_ATTRIBUTE = "_site_kb_listing_state"
# Page fields that never decide whether or where a page is listed: the tree, Wagtail's bookkeeping.
# Text fields (titles, leads, bodies) only change how the page shows, which its p tag covers.
BOOKKEEPING_FIELDS = {
    "id",
    "page_ptr",
    "path",
    "depth",
    "numchild",
    "url_path",
    "content_type",
    "locale",
    "translation_key",
    "alias_of",
    "latest_revision",
    "live_revision",
    "latest_revision_created_at",
    "first_published_at",
    "last_published_at",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
    "owner",
    "go_live_at",
    "expire_at",
    "expired",
    "draft_title",
    "slug",
    "seo_title",
    "search_description",
    "needs_leadership_review",
    # Kept by news.listing from the tree and ``live`` (compared here already), written by a query
    # the instance being published never sees.
    "listed",
    "section",
}
_listing_fields = {}


def listing_fields(model):
    """The concrete fields of a page type that may decide its place in a listing: not text."""
    found = _listing_fields.get(model)
    if found is None:
        found = []
        for field in model._meta.concrete_fields:
            if field.name in BOOKKEEPING_FIELDS or field.name.startswith("search_"):
                continue
            text = field.get_internal_type() in {"CharField", "TextField", "JSONField"} or (
                field.__class__.__name__ in {"RichTextField", "StreamField"}
            )
            if text and not field.choices:
                continue
            found.append(field.attname)
        found = _listing_fields[model] = tuple(found)
    return found


@functools.cache
def listing_relations(model):
    """The many-to-many relations of a page type a listing may filter by (a document's subjects, an
    article's keywords: the registry's "lĩnh vực", a school's announcements): kept with the page by
    modelcluster, so saved with it but not among its concrete fields."""
    return tuple(
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, ParentalManyToManyField | TaggableManager)
    )


def related_keys(instance, name):
    """The keys ``instance`` holds in relation ``name`` as it stands in memory (what is published)."""
    return {related.pk for related in getattr(instance, name).all()}


def page_types(page):
    """The labels of the concrete page types ``page`` is (its own and its parents', not Page)."""
    model = getattr(page, "specific_class", None) or type(page)  # a moved page comes as a plain Page
    return [
        parent
        for parent in (model, *model._meta.get_parent_list())
        if issubclass(parent, Page) and parent is not Page and not parent._meta.abstract
    ]


def ancestor_paths(path, steplen=Page.steplen):
    """The tree paths of the ancestors of the page at ``path`` (itself excluded): no query."""
    return [path[:end] for end in range(steplen, len(path), steplen)]


def listing_tags(page, path=None):
    """The listings ``page`` joins or leaves at ``path`` (its place; by default its current one)."""
    path = path or page.path
    ancestors = ancestor_paths(path)
    tags = {page_tag(page)}
    if ancestors:
        tags.add(children_tag(ancestors[-1]))
    for ancestor in ancestors:
        tags.add(descendants_tag(ancestor))
        tags.update(listing_tag(ancestor, model) for model in page_types(page))
    return tags


def live_descendant_tags(page):
    return {
        page_tag(pk) for pk in Page.objects.descendant_of(page).filter(live=True).values_list("pk", flat=True)
    }


# Pages ----------------------------------------------------------------------------------------------


def remember_listing_state(sender, instance, update_fields=None, raw=False, **kwargs):
    """Before a page is saved, what decided its listings (one query): compared when it is published."""
    if raw or not isinstance(instance, Page) or not instance.pk:
        return
    fields = ("live", "first_published_at", *listing_fields(type(instance)))
    if update_fields is not None and not {*update_fields} & {
        *fields,
        *(f.removesuffix("_id") for f in fields),
    }:
        return
    model = type(instance)
    row = model._default_manager.filter(pk=instance.pk).values(*fields).first()
    if row is not None:
        for name in listing_relations(model):  # one query each, for the page types that have them
            row[name] = set(
                model._default_manager.filter(pk=instance.pk, **{f"{name}__isnull": False}).values_list(
                    f"{name}__pk", flat=True
                )
            )
    setattr(instance, BEFORE_ATTRIBUTE, row)


def purge_published(sender, instance, **kwargs):
    before = getattr(instance, BEFORE_ATTRIBUTE, None)
    if hasattr(instance, BEFORE_ATTRIBUTE):
        delattr(instance, BEFORE_ATTRIBUTE)
    fields = listing_fields(type(instance))
    unchanged = (
        before is not None
        and before.get("live")
        and before.get("first_published_at") is not None  # a page created live is new until published
        and all(before.get(field) == getattr(instance, field) for field in fields)
        and all(
            before.get(name) == related_keys(instance, name) for name in listing_relations(type(instance))
        )
    )
    purge_on_commit({page_tag(instance)} if unchanged else listing_tags(instance))


def purge_unpublished(sender, instance, **kwargs):
    purge_on_commit(listing_tags(instance))


def purge_moved(
    sender, instance, parent_page_before, parent_page_after, url_path_before, url_path_after, **kwargs
):
    if not instance.live:
        return
    tags = {children_tag(parent_page_before), children_tag(parent_page_after), page_tag(instance)}
    if parent_page_before.pk != parent_page_after.pk:
        tags |= listing_tags(instance, old_path(parent_page_before))
        tags |= listing_tags(instance, instance.path)
    if url_path_before != url_path_after:
        tags |= live_descendant_tags(instance)
    purge_on_commit(tags)


def old_path(parent_before):
    """The tree path the moved page had: its parent's path and the step it held there, which Wagtail
    does not keep; the listings of the old place are those of each ancestor, whatever the step."""
    return parent_before.path + "0" * Page.steplen


def purge_below_new_slug(sender, instance, instance_before, **kwargs):
    """A new slug changes the address of every page below: pages linking to them show it."""
    purge_on_commit(live_descendant_tags(instance) | {page_tag(instance)})


# Snippets, settings, images, documents ------------------------------------------------------------


def referencing_tags(obj):
    """The tags of what uses ``obj``, from Wagtail's reference index: pages (``p``), site settings
    (``s``), snippets and generic settings (``m``)."""
    tags = set()
    rows = ReferenceIndex.get_references_to(obj).values_list("content_type", "object_id")
    by_model = {}
    for content_type, object_id in rows.distinct():
        by_model.setdefault(content_type, set()).add(object_id)
    for content_type, ids in by_model.items():
        model = ContentType.objects.get_for_id(content_type).model_class()
        if model is None:
            continue
        if issubclass(model, Page):
            tags.update(page_tag(pk) for pk in ids)
        elif issubclass(model, BaseSiteSetting):
            tags.update(
                site_tag(site) for site in model.objects.filter(pk__in=ids).values_list("site_id", flat=True)
            )
        else:
            tags.add(model_tag(model))
    return tags


def purge_model_change(sender, instance, raw=False, **kwargs):
    """Snippets, settings, images and documents: saved (post_save) or about to be deleted (pre_delete,
    while the reference index still lists who uses them)."""
    if raw or isinstance(instance, Page):
        return
    if issubclass(sender, BaseSiteSetting):
        purge_on_commit({site_tag(instance.site_id)})
    elif sender is Site:  # its name shows in the footers of its member sites, as its settings
        purge_on_commit({site_tag(instance)})
    elif issubclass(sender, BaseGenericSetting) or sender in set(get_snippet_models()):
        purge_on_commit({model_tag(sender)} | referencing_tags(instance))
    elif sender in (get_image_model(), get_document_model()):
        purge_on_commit(referencing_tags(instance))


def purge_privacy_change(sender, instance, raw=False, **kwargs):
    """A restriction saved (post_save) or about to be deleted (pre_delete, while its page exists):
    anonymous readers may no longer (or may now) see the page and everything below it, and the
    listings that show them change."""
    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:  # the page is being deleted with it: its own purge covers it
        return
    purge_on_commit(listing_tags(page) | live_descendant_tags(page))


def connect():
    """Connected from ``SiteKbConfig.ready``; no sender, so every page type and snippet is heard."""
    pre_save.connect(remember_listing_state, dispatch_uid="site_kb_cache_listing_state")
    page_published.connect(purge_published, dispatch_uid="site_kb_cache_published")
    page_unpublished.connect(purge_unpublished, dispatch_uid="site_kb_cache_unpublished")
    post_page_move.connect(purge_moved, dispatch_uid="site_kb_cache_moved")
    page_slug_changed.connect(purge_below_new_slug, dispatch_uid="site_kb_cache_slug")
    post_save.connect(purge_model_change, dispatch_uid="site_kb_cache_model_saved")
    pre_delete.connect(purge_model_change, dispatch_uid="site_kb_cache_model_deleting")
    post_save.connect(
        purge_privacy_change, sender=PageViewRestriction, dispatch_uid="site_kb_cache_privacy_set"
    )
    pre_delete.connect(
        purge_privacy_change, sender=PageViewRestriction, dispatch_uid="site_kb_cache_privacy_lifted"
    )
