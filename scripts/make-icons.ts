// `npm run icons`: draws Lotwise's app icon and writes it as PNG files in
// resources/icons (NxN.png, the names electron-builder's Linux targets look for; macOS and
// Windows convert the 1024 and 256 pixel ones). Plain code instead of an image editor, so
// the icon is reproducible and needs nothing from the network: a rounded green tile with
// three stacked bars, the lots a disposal draws from. Anti-aliased by 4x4 supersampling.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

export const ICON_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICONS_DIR = resolve(import.meta.dirname, '../resources/icons');

type Rgba = [number, number, number, number];

/** Signed distance to a rounded rectangle (negative inside), in unit coordinates. */
function roundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, radius: number): number {
  const cx = Math.max(left + radius - x, 0, x - (right - radius));
  const cy = Math.max(top + radius - y, 0, y - (bottom - radius));
  const outside = Math.hypot(cx, cy) - radius;
  const inside = Math.min(Math.max(left - x, x - right, top - y, y - bottom), 0);
  return cx > 0 || cy > 0 ? outside : inside - radius;
}

const TILE = { left: 0.0625, top: 0.0625, right: 0.9375, bottom: 0.9375, radius: 0.2 };
/** The lots, bottom (oldest, widest) to top. */
const BARS = [
  { left: 0.22, right: 0.78, top: 0.62, bottom: 0.74 },
  { left: 0.22, right: 0.66, top: 0.45, bottom: 0.57 },
  { left: 0.22, right: 0.52, top: 0.28, bottom: 0.4 },
];
const TOP_GREEN: Rgba = [38, 150, 110, 255];
const BOTTOM_GREEN: Rgba = [14, 78, 60, 255];
const BAR_COLOURS: Rgba[] = [
  [255, 255, 255, 255],
  [232, 248, 240, 255],
  [246, 200, 92, 255],
];

/** The colour at a point of the unit square (transparent outside the tile). */
function shade(x: number, y: number): Rgba {
  if (roundedRect(x, y, TILE.left, TILE.top, TILE.right, TILE.bottom, TILE.radius) > 0) return [0, 0, 0, 0];
  for (const [index, bar] of BARS.entries()) {
    if (roundedRect(x, y, bar.left, bar.top, bar.right, bar.bottom, 0.06) <= 0) return BAR_COLOURS[index]!;
  }
  const t = (y - TILE.top) / (TILE.bottom - TILE.top);
  return [0, 1, 2, 3].map((i) => Math.round(TOP_GREEN[i]! + (BOTTOM_GREEN[i]! - TOP_GREEN[i]!) * t)) as Rgba;
}

/** RGBA pixels, row by row, straight (not premultiplied) alpha. */
export function drawIcon(size: number, samples = 4): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [cr, cg, cb, ca] = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const offset = (py * size + px) * 4;
      pixels[offset] = a === 0 ? 0 : Math.round(r / a);
      pixels[offset + 1] = a === 0 ? 0 : Math.round(g / a);
      pixels[offset + 2] = a === 0 ? 0 : Math.round(b / a);
      pixels[offset + 3] = Math.round(a / (samples * samples));
    }
  }
  return pixels;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A PNG of 8-bit RGBA pixels: IHDR, one zlib-compressed IDAT (filter 0 per row), IEND. */
export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, no filter, no interlace
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function iconPng(size: number): Buffer {
  return encodePng(size, size, drawIcon(size));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(ICONS_DIR, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = join(ICONS_DIR, `${size}x${size}.png`);
    writeFileSync(file, iconPng(size));
    console.log(file);
  }
}
