"""The steward's chart: the upper bound narrowing as reviews arrive, as inline SVG.

The y axis is logarithmic: the bound starts near 100% and the interesting part is the
last decade around the target (0.5%), which a linear axis flattens into the baseline.
Plain SVG built from numbers only (no note content can reach it), so it needs no
script, no image request and passes the page's strict CSP.
"""

from __future__ import annotations

import math

WIDTH, HEIGHT, PAD_L, PAD_R, PAD_T, PAD_B = 640, 240, 56, 16, 16, 36
Y_TOP = 1.0


def _fmt(value: float) -> str:
    return f"{value:.0%}" if value >= 0.01 else f"{value:.1%}" if value >= 0.001 else f"{value:.2%}"


def bound_chart(history: list[tuple[int, float]], target: float, sample_size: int) -> str:
    x_max = max(sample_size, history[-1][0] if history else 1, 1)
    y_bottom = 10 ** math.floor(math.log10(target / 2))  # one decade and more below the target
    span = math.log10(Y_TOP) - math.log10(y_bottom)

    def x(n: float) -> float:
        return PAD_L + (WIDTH - PAD_L - PAD_R) * n / x_max

    def y(v: float) -> float:
        v = min(max(v, y_bottom), Y_TOP)
        return PAD_T + (HEIGHT - PAD_T - PAD_B) * (math.log10(Y_TOP) - math.log10(v)) / span

    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="Upper bound of the residual-PHI rate by records reviewed (log scale)" '
             f'xmlns="http://www.w3.org/2000/svg">']
    decade = Y_TOP
    while decade >= y_bottom * 0.999:  # one grid line per decade
        parts.append(f'<line class="grid" x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{y(decade):.1f}" y2="{y(decade):.1f}"/>')
        parts.append(f'<text class="tick" x="{PAD_L - 6}" y="{y(decade) + 4:.1f}" text-anchor="end">{_fmt(decade)}</text>')
        decade /= 10
    for i in range(5):
        n = round(x_max * i / 4)
        parts.append(f'<text class="tick" x="{x(n):.1f}" y="{HEIGHT - PAD_B + 16}" text-anchor="middle">{n}</text>')
    parts.append(f'<text class="axis" x="{(WIDTH + PAD_L) / 2:.0f}" y="{HEIGHT - 4}" text-anchor="middle">'
                 f'random records reviewed · upper bound, log scale</text>')
    parts.append(f'<line class="target" x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{y(target):.1f}" y2="{y(target):.1f}"/>')
    parts.append(f'<text class="target-label" x="{WIDTH - PAD_R - 4}" y="{y(target) - 6:.1f}" text-anchor="end">'
                 f'target {_fmt(target)}</text>')
    if history:
        points = " ".join(f"{x(n):.1f},{y(u):.1f}" for n, u in history)
        parts.append(f'<polyline class="bound" points="{points}"/>')
        n, u = history[-1]
        parts.append(f'<circle class="bound-dot" cx="{x(n):.1f}" cy="{y(u):.1f}" r="4"/>')
        parts.append(f'<text class="bound-label" x="{min(x(n) + 8, WIDTH - PAD_R - 60):.1f}" y="{y(u) - 8:.1f}">'
                     f'{u:.3%}</text>')
    else:
        parts.append(f'<text class="tick" x="{WIDTH / 2:.0f}" y="{HEIGHT / 2:.0f}" text-anchor="middle">'
                     f'no reviews yet</text>')
    parts.append("</svg>")
    return "".join(parts)
