/**
 * How a lesson's `videoUrl` (https only, the cms's rule) is embedded: a direct file (`.mp4`,
 * `.webm`, `.ogg`) plays in `<video>`; YouTube and Vimeo watch links become their
 * privacy-friendly embed URLs; any other https page is framed as it is (a sandboxed iframe).
 */
export type VideoEmbed = { kind: 'file' | 'frame'; src: string }

export function videoEmbed(value: string | null | undefined): VideoEmbed | null {
  if (!value) return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  if (url.protocol !== 'https:') return null
  if (/\.(mp4|webm|ogg)$/i.test(url.pathname)) return { kind: 'file', src: url.href }
  const host = url.hostname.replace(/^www\./, '')
  if (host === 'youtube.com' && url.pathname === '/watch') {
    const id = url.searchParams.get('v')
    if (id && /^[\w-]{6,20}$/.test(id))
      return { kind: 'frame', src: `https://www.youtube-nocookie.com/embed/${id}` }
  }
  if (host === 'youtu.be') {
    const id = url.pathname.slice(1)
    if (/^[\w-]{6,20}$/.test(id))
      return { kind: 'frame', src: `https://www.youtube-nocookie.com/embed/${id}` }
  }
  if (host === 'vimeo.com' && /^\/\d+$/.test(url.pathname)) {
    return { kind: 'frame', src: `https://player.vimeo.com/video${url.pathname}` }
  }
  return { kind: 'frame', src: url.href }
}
