"""The dashboard's charts as plain specifications: bars with their geometry already computed, so the SVG
template (templates/campaigns/_charts.html) only draws, and the page and the printed report show the same
charts. Each chart names the table that is its text alternative. Words are translated to the request's
language: the printed report draws its charts under force_locale("vi") (see dashboard.report_pdf)."""
from dataclasses import dataclass, field

from flask_babel import gettext, ngettext, pgettext

from ...rules.states import STATE_LABELS
from ...rules.targets import PROGRESS_LABELS, Progress
from ...services.movement import Dashboard, IndicatorProgress, unit_label
from ...services.movement.tables import display

LABEL_X, BAR_X, BAR_SPAN, TEXT_X, WIDTH = 232, 240, 330, 578, 700
ROW, TOP = 26, 8
# The phone layout (issue 13): the 700-unit chart shrunk to a 390 px screen drew 6 px labels. This one is
# 360 units wide, about the width it is shown at, with each label on a line of its own above its bar, so
# its 14-unit text stays at 12–14 px. The printed report keeps the wide layout.
N_WIDTH, N_BAR_X, N_SPAN, N_TEXT_X, N_ROW, N_HEADING, N_TOP = 360, 4, 220, 232, 44, 26, 4
TONES = {"met": "#2e7d32", "exceeded": "#1b5e20", "behind": "#c62828", "no_data": "#9e9e9e",
         "neutral": "#1565c0", "second": "#c9a227", "track": "#ececec", "ink": "#1d1d1f"}


@dataclass(frozen=True)
class Bar:
    label: str
    text: str                   # the figure written beside the bar
    tone: str
    width: float                # pixels
    marker_x: float | None = None   # the target's position
    y: float = 0
    heading: bool = False       # a group's name on a row of its own, without a bar


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    table_id: str
    bars: list[Bar]
    legend: list[tuple[str, str]] = field(default_factory=list)   # (tone, label)
    limit_x: float | None = None
    limit_label: str = ""

    @property
    def bars_bottom(self) -> int:
        return TOP + ROW * len(self.bars)

    @property
    def limit_label_y(self) -> int:
        return self.bars_bottom + 14

    @property
    def legend_y(self) -> int:
        return self.bars_bottom + (20 if self.limit_x is not None else 0) + 18

    @property
    def height(self) -> int:
        return self.legend_y + 8 if self.legend else self.bars_bottom + (22 if self.limit_x is not None else 4)

    @property
    def narrow(self) -> "NarrowChart":
        return NarrowChart.of(self)


@dataclass(frozen=True)
class NarrowBar:
    """A bar of the phone layout: its label on a line of its own (at label_y), the bar and figure below."""

    label: str
    text: str
    tone: str
    width: float
    marker_x: float | None
    label_y: int
    bar_y: int
    heading: bool


@dataclass(frozen=True)
class NarrowChart:
    """A chart laid out for a phone: 360 units wide, one label a line, the legend one item a line."""

    bars: list[NarrowBar]
    limit_x: float | None
    bars_bottom: int                     # below the bars, and the limit's label when there is one
    legend: list[tuple[str, str, int]]   # (tone, label, y): one item a line
    height: int

    @property
    def limit_label_x(self) -> float:
        """The limit's label, centred on its line but kept inside the picture."""
        return min(max(self.limit_x or 0, 64), N_WIDTH - 64)

    @classmethod
    def of(cls, chart: Chart) -> "NarrowChart":
        bars, y = [], N_TOP
        for bar in chart.bars:
            label = _short(bar.label, 42) if bar.heading else bar.label
            bars.append(NarrowBar(label, bar.text, bar.tone, _narrow(bar.width + BAR_X) - N_BAR_X,
                                  None if bar.marker_x is None else _narrow(bar.marker_x),
                                  label_y=y + 16, bar_y=y + 22, heading=bar.heading))
            y += N_HEADING if bar.heading else N_ROW
        limit_x = None if chart.limit_x is None else _narrow(chart.limit_x)
        y += 22 if limit_x is not None else 0
        legend = [(tone, label, y + 18 + 20 * i) for i, (tone, label) in enumerate(chart.legend)]
        return cls(bars, limit_x, y, legend, (legend[-1][2] + 8) if legend else y + 4)


def _narrow(x: float) -> float:
    """A wide chart's x on the bar track, placed on the phone layout's track."""
    return round(N_BAR_X + (x - BAR_X) * N_SPAN / BAR_SPAN, 1)


def _scale(values: list[float | None]) -> float:
    return max([v for v in values if v] or [1])


def _bars(rows: list[tuple[str, float | None, str, str, float | None]], scale: float) -> list[Bar]:
    """(label, value, text, tone, marker) → bars laid out top to bottom; tone "heading" makes a group row."""
    return [Bar(label=_short(label, 80), text="", tone="", width=0, y=TOP + ROW * i, heading=True)
            if tone == "heading" else
            Bar(label=_short(label), text=text, tone=TONES[tone], width=round(BAR_SPAN * (value or 0) / scale, 1),
                marker_x=None if marker is None else round(BAR_X + BAR_SPAN * marker / scale, 1), y=TOP + ROW * i)
            for i, (label, value, text, tone, marker) in enumerate(rows)]


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def progress_chart(item: IndicatorProgress, index: int) -> Chart:
    rows = item.rows or ([item.total] if item.total else [])
    scale = _scale([r.figure for r in rows] + [r.target for r in rows])
    unit = item.indicator.measure_unit
    bars = _bars([(unit_label(r, gettext=gettext), r.figure, f"{'—' if r.figure is None else r.figure}/{r.target}",
                   str(r.status), r.target) for r in rows], scale)
    met = item.count(Progress.MET) + item.count(Progress.EXCEEDED)
    return Chart(
        id=f"chart-progress-{index}", table_id=f"table-progress-{index}", title=item.indicator.name,
        description=gettext("Kết quả (%(unit)s) của từng đơn vị so với chỉ tiêu (vạch đen): %(met)s/%(all)s đơn vị "
                            "đạt hoặc vượt chỉ tiêu.", unit=unit, met=met, all=len(item.rows)), bars=bars,
        legend=[(TONES[str(p)], gettext(label)) for p, label in PROGRESS_LABELS.items()]
        + [(TONES["ink"], pgettext("target", "Chỉ tiêu"))])


def states_chart(d: Dashboard) -> Chart:
    scale = _scale([count for _, count in d.states])
    bars = _bars([(gettext(STATE_LABELS[s]), count, str(count), "neutral", None) for s, count in d.states], scale)
    return Chart("chart-states", gettext("Hồ sơ đề nghị theo trạng thái"),
                 ngettext("Tổng số %(num)d hồ sơ.", "Tổng số %(num)d hồ sơ.", d.nominations), "table-states", bars)


def awards_chart(d: Dashboard, key: str, title: str) -> Chart:
    rows = d.awards_by(key)
    scale = _scale([a + r for _, a, r in rows])
    bars = _bars([(gettext(value) if key == "category" else str(value), awarded, gettext("%(awarded)s (+%(revoked)s thu hồi)", awarded=awarded, revoked=revoked)
                   if revoked else str(awarded), "neutral", None) for value, awarded, revoked in rows], scale)
    return Chart(f"chart-awards-{key}", title, gettext("Số khen thưởng còn hiệu lực; tổng cộng %(num)s.", num=d.awarded),
                 f"table-awards-{key}", bars)


def shares_chart(d: Dashboard) -> Chart:
    bars = _bars([(gettext(s.short or s.label), float(s.percent or 0),
                   display(s.percent / 100, "share") if s.percent is not None else "—", "neutral", None)
                  for s in d.shares], 100)
    return Chart("chart-shares", gettext("Tỷ lệ trong số được khen thưởng"),
                 gettext("Người trực tiếp lao động, sản xuất: trên số cá nhân và hộ gia đình được khen thưởng; nữ: "
                         "trên số cá nhân có ghi giới tính."),
                 "table-shares", bars)


def processing_chart(d: Dashboard) -> Chart:
    rows = [row for row in d.processing if row.award_type is not None] or d.processing
    scale = _scale([float(r.p90 or 0) for r in rows] + ([d.limit] if d.limit else []))
    data = []
    for r in rows:
        data.append((r.award_type or gettext("Tất cả hình thức"), None, "", "heading", None))
        data.append((gettext("Trung vị"), float(r.median or 0), display(r.median, "days"), "neutral", None))
        data.append((gettext("Phân vị 90"), float(r.p90 or 0), display(r.p90, "days"), "second", None))
    if d.limit is None:   # the award types' processing times differ: no single line to draw
        note = gettext("Từ khi đơn vị gửi hồ sơ đến khi có quyết định; thời hạn theo từng hình thức khen thưởng.")
    else:
        note = gettext("Từ khi đơn vị gửi hồ sơ đến khi có quyết định; vạch đứt: thời hạn %(num)s ngày làm việc.",
                       num=d.limit)
    return Chart("chart-processing", gettext("Thời gian xử lý (ngày làm việc)"), note,
                 "table-processing", _bars(data, scale),
                 legend=[(TONES["neutral"], gettext("Trung vị")), (TONES["second"], gettext("Phân vị 90"))],
                 limit_x=None if d.limit is None else round(BAR_X + BAR_SPAN * d.limit / scale, 1),
                 limit_label="" if d.limit is None else ngettext("%(num)d ngày", "%(num)d ngày", d.limit))


def all_charts(d: Dashboard) -> dict[str, Chart]:
    charts = {f"progress-{i}": progress_chart(item, i) for i, item in enumerate(d.indicators)}
    charts |= {"states": states_chart(d), "awards-year": awards_chart(d, "year", gettext("Khen thưởng theo năm")),
               "awards-category": awards_chart(d, "category", gettext("Danh hiệu thi đua và hình thức khen thưởng")),
               "awards-award_type": awards_chart(d, "award_type", gettext("Khen thưởng theo danh hiệu, hình thức")),
               "awards-unit": awards_chart(d, "unit", gettext("Khen thưởng theo đơn vị đề nghị")),
               "shares": shares_chart(d), "processing": processing_chart(d)}
    return charts
