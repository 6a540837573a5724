# Renders receipt photos and scans for the receipts-to-expense-report test: text drawn
# with a TrueType font on a paper-coloured slip, slightly rotated, with sensor noise
# and a little blur, saved as JPEG, PNG or a one-page PDF. Debian's python3-pil.
#   /usr/bin/python3 receiptImages.py OUT_DIR < receipts.json
import json, os, random, sys
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf', '/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf']

def font(size):
    for f in FONTS:
        if os.path.exists(f):
            return ImageFont.truetype(f, size)
    return ImageFont.load_default()

def render(r, seed):
    rnd = random.Random(seed)
    lines = [r['vendor'].upper(), r.get('address', ''), '', 'Date: ' + r['date'], '']
    for item, price in r['items']:
        lines.append('%-22s %8s' % (item[:22], price))
    lines += ['-' * 31, '%-22s %8s' % ('TOTAL ' + r['currency'], r['total']), '', r.get('footer', 'Thank you!')]
    f = font(26)
    w, h = 560, 70 + 38 * len(lines)
    slip = Image.new('RGB', (w, h), (250, 247, 238))
    d = ImageDraw.Draw(slip)
    for i, line in enumerate(lines):
        d.text((30, 30 + 38 * i), line, fill=(35, 35, 40), font=f)
    photo = Image.new('RGB', (w + 200, h + 200), (120, 110, 100))
    photo.paste(slip, (100, 100))
    photo = photo.rotate(r.get('angle', rnd.uniform(-3, 3)), resample=Image.BICUBIC, fillcolor=(120, 110, 100))
    px = photo.load()
    for _ in range(photo.width * photo.height // 12):
        x, y = rnd.randrange(photo.width), rnd.randrange(photo.height)
        v = rnd.randint(-40, 40)
        p = px[x, y]
        px[x, y] = tuple(max(0, min(255, c + v)) for c in p)
    return photo.filter(ImageFilter.GaussianBlur(0.6))

out = sys.argv[1]
for i, r in enumerate(json.load(sys.stdin)):
    img = render(r, i)
    path = os.path.join(out, r['file'])
    if path.endswith('.pdf'):
        img.save(path, 'PDF', resolution=150)
    elif path.endswith('.png'):
        img.save(path, 'PNG')
    else:
        img.save(path, 'JPEG', quality=80)
print('ok')
