"""The steward's chart: the upper bound narrowing as reviews arrive, as inline SVG.

Plain SVG built from numbers only (no note content can reach it), so it needs no
script, no image request and passes the page's strict CSP.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

WIDTH, HEIGHT, PAD_L, PAD_R, PAD_T, PAD_B = 640, 240, 56, 16, 16, 36


def bound_chart(history: list[tuple[int, float]], target: float, sample_size: int) -> str:
    x_max = max(sample_size, history[-1][0] if history else 1, 1)
    y_max = max(target * 4, min(1.0, max((u for _, u in history), default=target * 4)))
    y_max = min(y_max, 0.1) if history and history[-1][1] < 0.1 else y_max

    def x(n: float) -> float:
        return PAD_L + (WIDTH - PAD_L - PAD_R) * n / x_max

    def y(v: float) -> float:
        return PAD_T + (HEIGHT - PAD_T - PAD_B) * (1 - min(v, y_max) / y_max)

    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="Upper bound of the residual-PHI rate by records reviewed" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for i in range(5):  # horizontal grid and y labels
        value = y_max * i / 4
        parts.append(f'<line class="grid" x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>')
        parts.append(f'<text class="tick" x="{PAD_L - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:.1%}</text>')
    for i in range(5):
        n = round(x_max * i / 4)
        parts.append(f'<text class="tick" x="{x(n):.1f}" y="{HEIGHT - PAD_B + 16}" text-anchor="middle">{n}</text>')
    parts.append(f'<text class="axis" x="{(WIDTH + PAD_L) / 2:.0f}" y="{HEIGHT - 4}" text-anchor="middle">'
                 f'random records reviewed</text>')
    parts.append(f'<line class="target" x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{y(target):.1f}" y2="{y(target):.1f}"/>')
    parts.append(f'<text class="target-label" x="{WIDTH - PAD_R - 4}" y="{y(target) - 6:.1f}" text-anchor="end">'
                 f'target {escape(f"{target:.2%}")}</text>')
    if history:
        points = " ".join(f"{x(n):.1f},{y(u):.1f}" for n, u in history)
        parts.append(f'<polyline class="bound" points="{points}"/>')
        n, u = history[-1]
        parts.append(f'<circle class="bound-dot" cx="{x(n):.1f}" cy="{y(u):.1f}" r="4"/>')
    else:
        parts.append(f'<text class="tick" x="{WIDTH / 2:.0f}" y="{HEIGHT / 2:.0f}" text-anchor="middle">'
                     f'no reviews yet</text>')
    parts.append("</svg>")
    return "".join(parts)
