"""Batch printing in constant memory on every core: one template, many pages, one PDF.

`print_pages(template, common, pages, output)` cuts the pages into chunks of at most
PRINT_CHUNK_PAGES, renders each chunk as its own WeasyPrint document (so no process holds more
than one chunk's laid-out pages) in a pool of PRINT_PROCESSES worker processes (default: one per
CPU available), each writing its chunk to a temporary file, and streams the chunks, in page
order, into `output` as they finish (awards.printing.merge). Progress is reported as pages of
finished chunks, so it is exact and reaches the total.

The workers are started with "spawn" (no database connection, lock or thread is inherited) and
run `django.setup()`; they never touch the database: `common` and `pages` are plain data
(strings, numbers, dates, dicts, lists), and `prepare` — the dotted path of a function applied
to each page dict in the worker, e.g. to draw its QR code — lets per-page work run in parallel
too. A print of one chunk is rendered in the calling process.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from awards.printing.merge import PdfAssembler
from awards.printing.pdf import html_to_pdf_file, render_html

__all__ = ["available_cpus", "plan_chunks", "print_pages", "print_processes"]

# Below this many pages per chunk, starting another process costs more than it saves.
MIN_PARALLEL_CHUNK = 40

Progress = Callable[[str, int, int], None]


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def print_processes() -> int:
    """Worker processes for one print: PRINT_PROCESSES, or one per CPU available."""
    configured = int(getattr(settings, "PRINT_PROCESSES", 0) or 0)
    return configured if configured > 0 else available_cpus()


def plan_chunks(total: int, chunk_pages: int, processes: int) -> list[range]:
    """Consecutive page ranges of at most `chunk_pages`, evenly sized, as many as needed and —
    when there is enough work — a multiple of `processes`, so no worker idles at the end."""
    if total <= 0:
        return []
    count = math.ceil(total / chunk_pages)
    if processes > 1:
        count = max(count, min(processes, total // MIN_PARALLEL_CHUNK))
        if count > processes:
            count = math.ceil(count / processes) * processes
    count = max(1, min(count, total))
    size, extra = divmod(total, count)
    chunks, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        chunks.append(range(start, end))
        start = end
    return chunks


@dataclass(frozen=True)
class Chunk:
    """What a worker needs to render one chunk: plain, picklable data only."""

    index: int
    template_name: str
    common: dict
    pages: list
    prepare: str | None
    path: str


@contextmanager
def _cycle_collector_paused():
    """WeasyPrint allocates millions of objects per chunk and frees almost all of them by
    reference counting; Python's cycle collector meanwhile re-scans the growing heap again and
    again (~25 % of the CPU of a 150-page chunk). Paused during a chunk (its memory is
    bounded by the chunk size), run once after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect()


def render_chunk(chunk: Chunk, progress: Callable[[str, int], None] | None = None) -> int:
    """Render one chunk to its file; returns the number of PDF pages written."""
    with _cycle_collector_paused():
        pages = chunk.pages
        if chunk.prepare:
            prepare = import_string(chunk.prepare)
            pages = [prepare(page) for page in pages]
        html = render_html(chunk.template_name, {**chunk.common, "pages": pages})
        return html_to_pdf_file(html, chunk.path, progress=progress)


def _worker_init(settings_module: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()
    import weasyprint  # noqa: F401 - load Pango/cairo once, before the first chunk

    gc.freeze()  # what is loaded now lives as long as the worker: never scan it again


def _worker_render(chunk: Chunk) -> tuple[int, int]:
    return chunk.index, render_chunk(chunk)


def print_pages(
    template_name: str,
    common: dict,
    pages: Sequence[dict],
    output,
    *,
    progress: Progress | None = None,
    prepare: str | None = None,
    chunk_pages: int | None = None,
    processes: int | None = None,
) -> int:
    """Render `template_name` with `{**common, "pages": pages}` into `output` (a path or a
    binary file), chunk by chunk. `progress(stage, done, total)`: ("layout", pages done,
    total) as chunks finish — or page by page for a one-chunk print — then ("pdf", total,
    total) once when the file is complete. Returns the number of PDF pages."""
    total = len(pages)
    chunk_pages = chunk_pages or int(getattr(settings, "PRINT_CHUNK_PAGES", 200))
    processes = processes or print_processes()
    plan = plan_chunks(total, chunk_pages, processes)
    workdir = tempfile.mkdtemp(prefix="dongtam-print-")
    try:
        chunks = [
            Chunk(
                index=i,
                template_name=template_name,
                common=common,
                pages=list(pages[r.start : r.stop]),
                prepare=prepare,
                path=str(Path(workdir) / f"chunk-{i:05d}.pdf"),
            )
            for i, r in enumerate(plan)
        ]
        if len(chunks) <= 1 or processes <= 1:
            written = _print_here(chunks, plan, output, total, progress)
        else:
            written = _print_in_pool(chunks, plan, output, total, progress, processes)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if progress:
        progress("pdf", total, total)
    return written


def _print_here(chunks, plan, output, total, progress) -> int:
    """In this process, one chunk after the other (a small print, or PRINT_PROCESSES=1)."""
    if len(chunks) == 1:
        chunk = chunks[0]
        layout = (lambda stage, page: progress("layout", page, total)) if progress else None
        if layout is not None:
            layout = _layout_only(layout)
        written = render_chunk(chunk, layout)
        _copy(chunk.path, output)
        return written
    with PdfAssembler(output) as assembler:
        done = 0
        for chunk, pages in zip(chunks, plan, strict=True):
            render_chunk(chunk)
            assembler.append(chunk.path)
            os.remove(chunk.path)
            done += len(pages)
            if progress:
                progress("layout", done, total)
    return assembler.page_count


def _layout_only(callback):
    def report(stage, page):
        if stage == "layout" and page:
            callback(stage, page)

    return report


def _copy(path: str, output) -> None:
    if isinstance(output, (str, Path)):
        shutil.move(path, output)
    else:
        with open(path, "rb") as f:
            shutil.copyfileobj(f, output)


def _print_in_pool(chunks, plan, output, total, progress, processes) -> int:
    """Chunks rendered by worker processes; appended to the output in page order as soon as
    every earlier chunk is in."""
    context = multiprocessing.get_context("spawn")
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE") or settings.SETTINGS_MODULE
    done, finished, next_index = 0, {}, 0
    with (
        PdfAssembler(output) as assembler,
        ProcessPoolExecutor(
            max_workers=min(processes, len(chunks)),
            mp_context=context,
            initializer=_worker_init,
            initargs=(settings_module,),
        ) as pool,
    ):
        pending = {pool.submit(_worker_render, chunk) for chunk in chunks}
        try:
            while pending:
                completed, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in completed:
                    index, _pages = future.result()  # a chunk's failure fails the print
                    finished[index] = chunks[index].path
                    done += len(plan[index])
                    if progress:
                        progress("layout", done, total)
                while next_index in finished:
                    path = finished.pop(next_index)
                    assembler.append(path)
                    os.remove(path)
                    next_index += 1
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return assembler.page_count
