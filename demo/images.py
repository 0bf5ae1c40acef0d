"""Illustrations drawn with Pillow: a school yard, a meeting hall, a sports ground, a classroom.

Everything is drawn from ``random.Random(seed)``, so the same seed always
gives the same picture (and the same JPEG bytes with the same Pillow). No text
is drawn: captions live in the page, not in the image.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 750

SKIES = [
    ((74, 144, 226), (190, 225, 250)),
    ((41, 98, 168), (160, 205, 240)),
    ((250, 140, 90), (255, 214, 160)),
    ((96, 170, 220), (230, 240, 250)),
    ((120, 100, 190), (250, 190, 170)),
    ((60, 160, 200), (210, 240, 235)),
]
WALLS = [(246, 214, 92), (240, 200, 80), (236, 226, 200), (250, 232, 150), (214, 232, 244), (244, 220, 196)]
ROOFS = [(176, 58, 46), (150, 70, 40), (120, 50, 50), (190, 90, 50), (60, 90, 130)]
GRASS = [(96, 168, 72), (120, 180, 80), (80, 150, 90), (140, 190, 90)]
LEAVES = [(46, 125, 50), (56, 142, 60), (67, 160, 71), (30, 110, 60), (85, 139, 47)]
SHIRTS = [(255, 255, 255), (250, 250, 245), (200, 225, 255)]
TROUSERS = [(30, 60, 130), (20, 40, 90), (40, 40, 50)]
SKIRTS = [(30, 60, 130), (120, 40, 60)]
SKIN = [(241, 194, 160), (230, 180, 140), (224, 172, 130)]
HAIR = [(30, 25, 20), (45, 35, 25), (20, 20, 20)]
RED = (218, 37, 29)
YELLOW = (255, 222, 0)


def _vertical_gradient(draw, box, top, bottom):
    x0, y0, x1, y1 = box
    height = max(y1 - y0, 1)
    for y in range(y0, y1):
        t = (y - y0) / height
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(x0, y), (x1, y)], fill=colour)


def _shade(colour, factor):
    return tuple(max(0, min(255, round(c * factor))) for c in colour)


def _star(cx, cy, r_outer, r_inner=None, rotation=-math.pi / 2):
    r_inner = r_inner or r_outer * 0.382
    points = []
    for k in range(10):
        r = r_outer if k % 2 == 0 else r_inner
        angle = rotation + k * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def _flag(draw, x, ground_y, height, rng):
    """A flagpole with the national flag (red field, yellow star)."""
    top = ground_y - height
    draw.rectangle([x - 3, top, x + 3, ground_y], fill=(200, 200, 205))
    draw.ellipse([x - 7, top - 10, x + 7, top + 4], fill=(230, 190, 60))
    w = rng.randint(110, 140)
    h = round(w * 2 / 3)
    wave = rng.randint(4, 10)
    flag = [
        (x + 3, top + 6),
        (x + 3 + w // 2, top + 6 - wave),
        (x + 3 + w, top + 6),
        (x + 3 + w, top + 6 + h),
    ]
    flag += [(x + 3 + w // 2, top + 6 + h - wave), (x + 3, top + 6 + h)]
    draw.polygon(flag, fill=RED)
    draw.polygon(_star(x + 3 + w / 2, top + 6 + h / 2 - wave / 2, h * 0.3), fill=YELLOW)


def _tree(draw, x, ground_y, size, rng):
    trunk_w = max(6, size // 8)
    draw.rectangle([x - trunk_w // 2, ground_y - size, x + trunk_w // 2, ground_y], fill=(110, 76, 50))
    leaf = rng.choice(LEAVES)
    for _ in range(5):
        dx = rng.randint(-size // 3, size // 3)
        dy = rng.randint(-size // 4, size // 6)
        r = rng.randint(size // 3, size // 2)
        cy = ground_y - size + dy
        draw.ellipse([x + dx - r, cy - r, x + dx + r, cy + r], fill=_shade(leaf, rng.uniform(0.85, 1.15)))


def _child(draw, x, ground_y, height, rng, arms_up=False):
    """A pupil in uniform: white shirt, red scarf, blue trousers or skirt."""
    head_r = height * 0.11
    body_top = ground_y - height * 0.72
    body_bottom = ground_y - height * 0.36
    half = height * 0.13
    skin = rng.choice(SKIN)
    girl = rng.random() < 0.5
    # legs
    leg = rng.choice(TROUSERS)
    draw.rectangle([x - half * 0.7, body_bottom, x - half * 0.15, ground_y], fill=leg if not girl else skin)
    draw.rectangle([x + half * 0.15, body_bottom, x + half * 0.7, ground_y], fill=leg if not girl else skin)
    if girl:
        skirt = rng.choice(SKIRTS)
        draw.polygon(
            [
                (x - half, body_bottom - 4),
                (x + half, body_bottom - 4),
                (x + half * 1.4, body_bottom + height * 0.16),
            ]
            + [(x - half * 1.4, body_bottom + height * 0.16)],
            fill=skirt,
        )
    # arms
    arm_y = body_top + 6
    if arms_up:
        draw.line(
            [(x - half, arm_y), (x - half * 2, arm_y - height * 0.3)], fill=skin, width=max(3, int(half / 2))
        )
        draw.line(
            [(x + half, arm_y), (x + half * 2, arm_y - height * 0.3)], fill=skin, width=max(3, int(half / 2))
        )
    else:
        draw.line([(x - half, arm_y), (x - half * 1.5, body_bottom)], fill=skin, width=max(3, int(half / 2)))
        draw.line([(x + half, arm_y), (x + half * 1.5, body_bottom)], fill=skin, width=max(3, int(half / 2)))
    # shirt and scarf
    draw.rounded_rectangle(
        [x - half, body_top, x + half, body_bottom], radius=int(half / 2), fill=rng.choice(SHIRTS)
    )
    draw.polygon(
        [(x - half * 0.6, body_top), (x + half * 0.6, body_top), (x, body_top + height * 0.14)], fill=RED
    )
    # head
    hy = body_top - head_r * 1.05
    draw.ellipse([x - head_r, hy - head_r, x + head_r, hy + head_r], fill=skin)
    draw.chord(
        [x - head_r, hy - head_r * 1.1, x + head_r, hy + head_r * 0.6], 180, 360, fill=rng.choice(HAIR)
    )


def _adult(draw, x, ground_y, height, rng, jacket=None):
    head_r = height * 0.09
    body_top = ground_y - height * 0.78
    body_bottom = ground_y - height * 0.42
    half = height * 0.12
    skin = rng.choice(SKIN)
    jacket = jacket or rng.choice([(40, 50, 80), (60, 60, 70), (230, 230, 235), (90, 40, 60), (200, 60, 80)])
    draw.rectangle([x - half * 0.7, body_bottom, x + half * 0.7, ground_y], fill=(45, 45, 55))
    draw.rounded_rectangle([x - half, body_top, x + half, body_bottom + 4], radius=int(half / 2), fill=jacket)
    hy = body_top - head_r * 1.05
    draw.ellipse([x - head_r, hy - head_r, x + head_r, hy + head_r], fill=skin)
    draw.chord(
        [x - head_r, hy - head_r * 1.1, x + head_r, hy + head_r * 0.5], 180, 360, fill=rng.choice(HAIR)
    )


def _sky_and_sun(img, draw, rng, horizon):
    top, bottom = rng.choice(SKIES)
    _vertical_gradient(draw, (0, 0, WIDTH, horizon), top, bottom)
    sx, sy, r = rng.randint(80, WIDTH - 80), rng.randint(60, max(61, horizon // 3)), rng.randint(40, 70)
    glow = Image.new("RGBA", img.size, (0, 0, 0, 0))
    gdraw = ImageDraw.Draw(glow)
    gdraw.ellipse([sx - r * 2.2, sy - r * 2.2, sx + r * 2.2, sy + r * 2.2], fill=(255, 240, 180, 90))
    glow = glow.filter(ImageFilter.GaussianBlur(r))
    img.paste(glow, (0, 0), glow)
    draw.ellipse([sx - r, sy - r, sx + r, sy + r], fill=(255, 226, 110))
    for _ in range(rng.randint(2, 4)):
        cx, cy = rng.randint(0, WIDTH), rng.randint(30, max(31, horizon // 2))
        for k in range(4):
            rr = rng.randint(28, 48)
            draw.ellipse(
                [cx + k * 35 - rr, cy - rr // 2 - (k % 2) * 12, cx + k * 35 + rr, cy + rr // 2],
                fill=(255, 255, 255),
            )


def _hills(draw, rng, horizon):
    """The limestone hills of Kim Bảng behind the school."""
    colour = rng.choice([(110, 150, 120), (96, 140, 130), (130, 160, 140)])
    x = -50
    points = [(-50, horizon)]
    while x < WIDTH + 50:
        x += rng.randint(60, 140)
        points.append((x, horizon - rng.randint(40, 150)))
    points.append((WIDTH + 50, horizon))
    draw.polygon(points, fill=colour)


def _school_building(draw, rng, x0, x1, ground_y):
    wall = rng.choice(WALLS)
    roof = rng.choice(ROOFS)
    floors = rng.choice([2, 2, 3])
    floor_h = rng.randint(85, 105)
    top = ground_y - floors * floor_h
    draw.rectangle([x0, top, x1, ground_y], fill=wall)
    # roof
    draw.polygon([(x0 - 25, top), (x1 + 25, top), (x1 - 20, top - 70), (x0 + 20, top - 70)], fill=roof)
    draw.line([(x0 - 25, top), (x1 + 25, top)], fill=_shade(roof, 0.7), width=6)
    # corridors and windows
    cols = max(4, (x1 - x0) // 70)
    cell = (x1 - x0) / cols
    for f in range(floors):
        fy = top + f * floor_h
        draw.line([(x0, fy + floor_h - 4), (x1, fy + floor_h - 4)], fill=_shade(wall, 0.8), width=6)
        for c in range(cols):
            wx = x0 + c * cell + cell * 0.2
            wy = fy + floor_h * 0.25
            if f == floors - 1 and c == cols // 2:
                draw.rectangle([wx, wy - 5, wx + cell * 0.6, fy + floor_h - 6], fill=(120, 80, 50))
                continue
            draw.rectangle([wx, wy, wx + cell * 0.6, wy + floor_h * 0.45], fill=(100, 150, 190))
            draw.line(
                [(wx + cell * 0.3, wy), (wx + cell * 0.3, wy + floor_h * 0.45)], fill=(240, 240, 240), width=3
            )
    # a plaque over the door (blank: no text is drawn)
    mid = (x0 + x1) / 2
    draw.rectangle([mid - 110, top - 4, mid + 110, top + 26], fill=(30, 80, 160))
    return top


def _ground(draw, rng, horizon):
    _vertical_gradient(draw, (0, horizon, WIDTH, HEIGHT), rng.choice(GRASS), _shade(rng.choice(GRASS), 0.8))


def _yard(draw, rng, y0):
    """The concrete schoolyard in front of the building."""
    draw.polygon([(0, HEIGHT), (WIDTH, HEIGHT), (WIDTH - 120, y0), (120, y0)], fill=(214, 208, 196))


def draw_school_scene(rng):
    img = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(img)
    horizon = rng.randint(430, 480)
    _sky_and_sun(img, draw, rng, horizon)
    _hills(draw, rng, horizon)
    _ground(draw, rng, horizon)
    margin = rng.randint(120, 260)
    _school_building(draw, rng, margin, WIDTH - margin, horizon + 40)
    _yard(draw, rng, horizon + 40)
    for x in (rng.randint(30, 90), WIDTH - rng.randint(30, 90)):
        _tree(draw, x, horizon + 70, rng.randint(140, 200), rng)
    _flag(draw, rng.choice([margin + 40, WIDTH - margin - 180]), horizon + 120, rng.randint(260, 320), rng)
    count = rng.randint(5, 11)
    for k in range(count):
        x = 150 + (WIDTH - 300) * (k + rng.uniform(0.1, 0.9)) / count
        _child(draw, x, HEIGHT - rng.randint(40, 110), rng.randint(120, 170), rng, arms_up=rng.random() < 0.3)
    return img


def draw_hall_scene(rng):
    """A meeting hall: red backdrop, a rostrum, flowers, rows of delegates seen from behind."""
    img = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(img)
    wall = rng.choice([(236, 228, 210), (226, 222, 214), (240, 232, 220)])
    _vertical_gradient(draw, (0, 0, WIDTH, HEIGHT), wall, _shade(wall, 0.75))
    # stage and backdrop
    stage_y = rng.randint(400, 440)
    backdrop = rng.choice([(180, 30, 36), (160, 28, 40), (30, 70, 150)])
    draw.rectangle([140, 60, WIDTH - 140, stage_y], fill=backdrop)
    draw.rectangle([140, 60, WIDTH - 140, 80], fill=_shade(backdrop, 0.7))
    draw.polygon(_star(WIDTH / 2, 170, 55), fill=YELLOW)
    # a blank banner strip (no text)
    draw.rectangle([260, 250, WIDTH - 260, 300], fill=_shade(backdrop, 1.25))
    draw.rectangle([100, stage_y, WIDTH - 100, stage_y + 40], fill=(120, 80, 50))
    # rostrum and flowers
    rx = rng.choice([260, WIDTH - 340])
    draw.rectangle([rx, stage_y - 150, rx + 80, stage_y], fill=(150, 100, 60))
    for k in range(6):
        fx = WIDTH / 2 - 250 + k * 100
        draw.ellipse([fx - 26, stage_y - 30, fx + 26, stage_y + 6], fill=rng.choice(LEAVES))
        for _ in range(5):
            px, py = fx + rng.randint(-20, 20), stage_y - rng.randint(20, 45)
            draw.ellipse(
                [px - 9, py - 9, px + 9, py + 9],
                fill=rng.choice([(240, 200, 40), (230, 80, 100), (250, 250, 250)]),
            )
    # a speaker
    _adult(draw, rx + 40, stage_y - 120, 150, rng)
    # audience rows, from back to front
    for row in range(4):
        y = stage_y + 120 + row * 75
        size = 90 + row * 22
        offset = rng.randint(0, 40)
        for x in range(-40 + offset, WIDTH + 60, 60 + row * 14):
            draw.rectangle([x - size * 0.32, y, x + size * 0.32, y + size * 0.6], fill=(150, 40, 40))
            _adult_back(draw, x, y, size, rng)
    return img


def _adult_back(draw, x, y, size, rng):
    jacket = rng.choice(
        [(40, 50, 80), (60, 60, 70), (230, 230, 235), (90, 40, 60), (200, 60, 80), (245, 245, 240)]
    )
    draw.rounded_rectangle(
        [x - size * 0.25, y - size * 0.2, x + size * 0.25, y + size * 0.45], radius=12, fill=jacket
    )
    r = size * 0.15
    draw.ellipse([x - r, y - size * 0.2 - r * 1.8, x + r, y - size * 0.2 + r * 0.2], fill=rng.choice(HAIR))


def draw_sports_scene(rng):
    """A volleyball court outside, with players and a net."""
    img = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(img)
    horizon = rng.randint(330, 380)
    _sky_and_sun(img, draw, rng, horizon)
    _hills(draw, rng, horizon)
    _ground(draw, rng, horizon)
    for k in range(rng.randint(4, 7)):
        _tree(draw, 60 + k * 190 + rng.randint(-30, 30), horizon + 30, rng.randint(110, 160), rng)
    court = rng.choice([(196, 120, 80), (70, 130, 170), (90, 150, 100)])
    draw.polygon(
        [(80, HEIGHT - 20), (WIDTH - 80, HEIGHT - 20), (WIDTH - 260, horizon + 70), (260, horizon + 70)],
        fill=court,
    )
    draw.line([(WIDTH / 2, HEIGHT - 20), (WIDTH / 2, horizon + 70)], fill=(255, 255, 255), width=4)
    # net
    net_top = horizon - 40
    draw.rectangle([WIDTH / 2 - 5, net_top, WIDTH / 2 + 5, HEIGHT - 30], fill=(60, 60, 60))
    for y in range(int(net_top), int(net_top + 110), 14):
        draw.line([(WIDTH / 2 - 220, y + 40), (WIDTH / 2 + 220, y - 10)], fill=(240, 240, 240), width=1)
    draw.line(
        [(WIDTH / 2 - 220, net_top + 40), (WIDTH / 2 + 220, net_top - 10)], fill=(255, 255, 255), width=6
    )
    team_a = rng.choice([(218, 37, 29), (250, 160, 30), (40, 120, 200)])
    team_b = rng.choice([(255, 255, 255), (30, 160, 90), (120, 60, 160)])
    for k in range(4):
        _adult(draw, 300 + k * 70 + rng.randint(-20, 20), HEIGHT - 60 - k * 40, 190, rng, jacket=team_a)
        _adult(
            draw, WIDTH - 300 - k * 70 + rng.randint(-20, 20), HEIGHT - 60 - k * 40, 190, rng, jacket=team_b
        )
    bx, by = WIDTH / 2 + rng.randint(-150, 150), rng.randint(90, 200)
    draw.ellipse([bx - 28, by - 28, bx + 28, by + 28], fill=rng.choice([(250, 220, 60), (250, 250, 250)]))
    draw.arc([bx - 28, by - 28, bx + 28, by + 28], 200, 340, fill=(40, 80, 180), width=5)
    return img


def draw_classroom_scene(rng):
    """A classroom: green board, teacher, rows of desks with pupils."""
    img = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(img)
    wall = rng.choice(WALLS)
    _vertical_gradient(draw, (0, 0, WIDTH, 470), _shade(wall, 1.05), _shade(wall, 0.9))
    draw.rectangle(
        [0, 470, WIDTH, HEIGHT], fill=rng.choice([(190, 150, 110), (170, 160, 150), (200, 190, 170)])
    )
    board = (36, 92, 62)
    draw.rectangle([260, 70, WIDTH - 260, 330], fill=(120, 80, 50))
    draw.rectangle([272, 82, WIDTH - 272, 318], fill=board)
    # chalk strokes (shapes, not letters)
    for k in range(rng.randint(3, 6)):
        y = 120 + k * 36
        draw.line([(310, y), (310 + rng.randint(200, 520), y)], fill=(220, 230, 220), width=4)
    draw.polygon(_star(WIDTH / 2, 40, 22), fill=RED)
    # windows on the side walls
    for x in (40, WIDTH - 200):
        draw.rectangle([x, 110, x + 160, 330], fill=(160, 205, 235))
        draw.line([(x + 80, 110), (x + 80, 330)], fill=(255, 255, 255), width=5)
    _adult(draw, rng.choice([220, WIDTH - 220]), 480, 240, rng)
    # desks and pupils from back to front
    for row in range(3):
        y = 520 + row * 85
        for col in range(4):
            cx = 150 + col * 300 + rng.randint(-10, 10)
            for seat in (-55, 55):
                _child(draw, cx + seat, y + 20, 130 + row * 25, rng, arms_up=rng.random() < 0.15)
            draw.rectangle([cx - 120, y, cx + 120, y + 26], fill=(150, 105, 60))
            book = rng.choice([(240, 240, 240), (250, 220, 120), (200, 230, 250)])
            draw.rectangle([cx - 40, y - 8, cx + 10, y + 2], fill=book)
    return img


SCENES = {
    "school": draw_school_scene,
    "hall": draw_hall_scene,
    "sports": draw_sports_scene,
    "classroom": draw_classroom_scene,
}


def scene_jpeg(kind, seed, quality=85):
    """A 1200×750 JPEG of the scene ``kind`` (see ``SCENES``) drawn from ``seed``."""
    rng = random.Random(f"{kind}:{seed}")
    img = SCENES[kind](rng)
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def logo_png(size=512):
    """The office's emblem: a blue and gold ring, an open book, a star, the hills of Kim Bảng."""
    scale = 4  # draw large, then shrink, for smooth edges
    big = size * scale
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    c = big / 2
    blue, dark = (20, 86, 170), (12, 52, 110)
    draw.ellipse([0, 0, big - 1, big - 1], fill=dark)
    draw.ellipse([big * 0.04, big * 0.04, big * 0.96, big * 0.96], fill=blue)
    draw.ellipse([big * 0.14, big * 0.14, big * 0.86, big * 0.86], fill=(255, 255, 255))
    # a gold band inside the blue ring
    draw.ellipse([big * 0.11, big * 0.11, big * 0.89, big * 0.89], fill=(240, 190, 40))
    draw.ellipse([big * 0.13, big * 0.13, big * 0.87, big * 0.87], fill=(255, 255, 255))
    # hills
    draw.polygon(
        [
            (big * 0.2, big * 0.62),
            (big * 0.34, big * 0.44),
            (big * 0.44, big * 0.56),
            (big * 0.55, big * 0.38),
        ]
        + [(big * 0.68, big * 0.54), (big * 0.8, big * 0.62)],
        fill=(40, 140, 80),
    )
    # open book
    page = (250, 250, 250)
    edge = dark
    lw = max(2, big // 120)
    left = [(c, big * 0.58), (big * 0.26, big * 0.52), (big * 0.26, big * 0.72), (c, big * 0.78)]
    right = [(c, big * 0.58), (big * 0.74, big * 0.52), (big * 0.74, big * 0.72), (c, big * 0.78)]
    draw.polygon(left, fill=page, outline=edge, width=lw)
    draw.polygon(right, fill=page, outline=edge, width=lw)
    for k in range(1, 4):
        y = big * (0.56 + k * 0.045)
        draw.line([(big * 0.31, y), (c - big * 0.03, y + big * 0.03)], fill=blue, width=lw)
        draw.line([(c + big * 0.03, y + big * 0.03), (big * 0.69, y)], fill=blue, width=lw)
    # star above
    draw.polygon(_star(c, big * 0.28, big * 0.09), fill=RED)
    img = img.resize((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
