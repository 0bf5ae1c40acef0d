"""intake's task for the core's limited worker process (``site_kb.worker``, issue 12): a Word
file converted to blocks under the worker's memory and CPU caps. No Django here: the worker
imports this module only when it runs the task."""

from PIL import Image

from intake.conversion import EmptyDocumentError, convert_docx


def docx_task(data, options):
    Image.MAX_IMAGE_PIXELS = options["max_image_pixels"]
    try:
        document = convert_docx(
            data, max_image_pixels=options["max_image_pixels"], max_image_side=options["max_image_side"]
        )
    except EmptyDocumentError:
        return {"error": "empty"}
    return {"document": document.as_json()}
