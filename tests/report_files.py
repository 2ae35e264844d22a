"""Make the same report as .txt, .html, .pdf (a CJK font, wrapped lines, page numbers, running header)
and .docx, the way governments publish them, for the format tests."""

from __future__ import annotations

from pathlib import Path

LINE_CHARS = 36  # characters per PDF line
LINES_PER_PAGE = 40


def write_txt(text: str, path: Path) -> Path:
    path.write_text(text, "utf-8")
    return path


def write_html(text: str, path: Path) -> Path:
    from html import escape

    lines = [line for line in text.splitlines() if line.strip()]
    body = "\n".join(f"<p>{escape(line)}</p>" for line in lines[1:])
    path.write_text(
        f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(lines[0])}</title>
<style>p {{ line-height: 2 }} .x::after {{ content: "办理案件99件" }}</style>
<script>var counter = "访问量12345次"; document.title = "办理案件88件";</script></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="article"><h1>{escape(lines[0])}</h1>
{body}
</div>
<div class="footer">主办单位：某县人民政府办公室 渝ICP备05003300号 网站标识码5002300001 公网安备50023002000123号</div>
</body></html>""",
        "utf-8",
    )
    return path


def write_pdf(text: str, path: Path) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a CJK font that reportlab ships as metrics
    pdf = canvas.Canvas(str(path))
    lines = []
    for paragraph in (p.strip() for p in text.splitlines()):
        if paragraph:
            lines += [paragraph[i : i + LINE_CHARS] for i in range(0, len(paragraph), LINE_CHARS)]
    for page_no, start in enumerate(range(0, len(lines), LINES_PER_PAGE), 1):
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(72, 800, "某县人民政府文件")  # running header
        for k, line in enumerate(lines[start : start + LINES_PER_PAGE]):
            pdf.setFont("STSong-Light", 12)
            pdf.drawString(72, 770 - 17 * k, line)
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(280, 40, f"— {page_no} —")  # page number
        pdf.showPage()
    pdf.save()
    return path


def write_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(path))
    return path


WRITERS = {".txt": write_txt, ".html": write_html, ".pdf": write_pdf, ".docx": write_docx}
