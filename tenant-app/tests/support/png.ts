/**
 * Tiny PNG encoder for test fixtures (logos and covers uploaded to the cms), so the tests need
 * no binary files: RGBA pixels from a function, zlib-compressed, with CRC-checked chunks.
 */
import { crc32, deflateSync } from 'node:zlib'

type Rgba = [number, number, number, number]

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typed))
  return Buffer.concat([length, typed, crc])
}

/** Encodes a `width`×`height` RGBA image whose pixel at (x, y) is `pixel(x, y)`. */
export function png(width: number, height: number, pixel: (x: number, y: number) => Rgba): Uint8Array {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8 bits, RGBA, deflate, no filter, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1)
    rows[row] = 0
    for (let x = 0; x < width; x++) rows.set(pixel(x, y), row + 1 + x * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function hexRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16)
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
}

/** A round emblem: a white disc with a ring in `hex`, on a transparent background (a logo). */
export function emblemPng(hex: string, size = 96): Uint8Array {
  const [r, g, b] = hexRgb(hex)
  const c = (size - 1) / 2
  return png(size, size, (x, y) => {
    const d = Math.hypot(x - c, y - c) / c
    if (d > 1) return [0, 0, 0, 0]
    if (d > 0.55 && d < 0.75) return [r, g, b, 255]
    return [255, 255, 255, 255]
  })
}

/** A 16:9 diagonal gradient from `hex` to a darker shade of it (a course cover). */
export function coverPng(hex: string, width = 320, height = 180): Uint8Array {
  const [r, g, b] = hexRgb(hex)
  return png(width, height, (x, y) => {
    const t = (x / width + y / height) / 2
    const k = 1 - 0.55 * t
    return [Math.round(r * k), Math.round(g * k), Math.round(b * k), 255]
  })
}
