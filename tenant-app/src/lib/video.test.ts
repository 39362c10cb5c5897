import { describe, expect, it } from 'vitest'
import { videoEmbed } from './video.ts'

describe('videoEmbed', () => {
  it.each([
    ['https://cdn.example.com/intro.mp4', { kind: 'file', src: 'https://cdn.example.com/intro.mp4' }],
    [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      { kind: 'frame', src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' },
    ],
    [
      'https://youtu.be/dQw4w9WgXcQ',
      { kind: 'frame', src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' },
    ],
    ['https://vimeo.com/76979871', { kind: 'frame', src: 'https://player.vimeo.com/video/76979871' }],
    ['https://player.example.com/embed/42', { kind: 'frame', src: 'https://player.example.com/embed/42' }],
    ['http://cdn.example.com/intro.mp4', null],
    ['javascript:alert(1)', null],
    ['not a url', null],
    ['', null],
    [null, null],
  ])('%s', (input, expected) => {
    expect(videoEmbed(input)).toEqual(expected)
  })
})
